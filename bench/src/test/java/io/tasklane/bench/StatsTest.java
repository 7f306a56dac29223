package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void percentilesAreNearestRank() {
    double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    double[] twoHundred = IntStream.rangeClosed(1, 200).asDoubleStream().toArray();

    assertThat(Stats.percentile(hundred, 0.50)).isEqualTo(50);
    assertThat(Stats.percentile(hundred, 0.99)).isEqualTo(99);
    assertThat(Stats.percentile(twoHundred, 0.99)).isEqualTo(198);
    assertThat(Stats.max(twoHundred)).isEqualTo(200);
    assertThat(Stats.percentile(new double[] {7}, 0.99)).isEqualTo(7);
  }
}
