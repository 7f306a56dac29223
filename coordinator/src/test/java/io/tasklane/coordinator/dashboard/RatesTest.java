package io.tasklane.coordinator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RatesTest {

  @Test
  void theRateIsTheGrowthOverTheWindow() {
    Rates rates = new Rates(2_000);
    assertThat(rates.sample("w|io", 0, 0)).as("one sample: unknown").isZero();
    assertThat(rates.sample("w|io", 50, 500)).isCloseTo(100, within(0.01));
    assertThat(rates.sample("w|io", 100, 1_000)).isCloseTo(100, within(0.01));
    // past the window, the oldest samples go: 300 tasks in the last 2 s
    rates.sample("w|io", 200, 2_000);
    assertThat(rates.sample("w|io", 400, 3_000)).isCloseTo(150, within(0.01));
  }

  @Test
  void aQuietLaneGoesBackToZero() {
    Rates rates = new Rates(1_000);
    rates.sample("k", 0, 0);
    rates.sample("k", 100, 500);
    rates.sample("k", 100, 1_500);
    assertThat(rates.sample("k", 100, 2_600)).isZero();
  }

  @Test
  void aCounterThatStartsOverIsNotANegativeRate() {
    Rates rates = new Rates(1_000);
    rates.sample("k", 500, 0);
    assertThat(rates.sample("k", 10, 500)).as("the node restarted").isZero();
    assertThat(rates.sample("k", 60, 1_000)).isCloseTo(100, within(0.01));
  }

  @Test
  void keysNoLongerShownAreForgotten() {
    Rates rates = new Rates(1_000);
    rates.sample("a", 0, 0);
    rates.sample("b", 0, 0);
    rates.retain(Set.of("a"));
    assertThat(rates.sample("b", 100, 500)).as("b starts over").isZero();
    assertThat(rates.sample("a", 100, 500)).isCloseTo(200, within(0.01));
  }

  @Test
  void theEtaIsWhatRemainsAtTheRate() {
    assertThat(Rates.eta(100, 10)).isEqualTo(10);
    assertThat(Rates.eta(101, 10)).isEqualTo(11);
    assertThat(Rates.eta(0, 0)).isZero();
    assertThat(Rates.eta(5, 0)).as("no rate yet: unknown").isNull();
  }
}
