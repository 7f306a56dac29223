package io.tasklane.client.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LaneProgressTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void measuresTheRateOverTheLastFewSecondsAndTheTimeLeftAtIt() {
    LaneProgress lane = new LaneProgress("io");
    lane.update(0, 1000, 0, 0);
    assertThat(lane.rate()).isEmpty();
    assertThat(lane.eta()).isEmpty();

    lane.update(2 * SECOND, 1000, 200, 3);

    assertThat(lane.rate().getAsDouble()).isCloseTo(100.0, within(0.001));
    assertThat(lane.eta()).contains(Duration.ofSeconds(8));
    assertThat(lane.failures()).isEqualTo(3);
    assertThat(lane.fraction()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void forgetsSamplesOlderThanTheWindow() {
    LaneProgress lane = new LaneProgress("cpu");
    lane.update(0, 1000, 0, 0);
    lane.update(SECOND, 1000, 500, 0);
    for (int s = 2; s <= 10; s++) {
      lane.update(s * SECOND, 1000, 500 + (s - 1) * 10L, 0);
    }

    // the burst in the first second is out of the 5 s window: 10 tasks/s remain
    assertThat(lane.rate().getAsDouble()).isCloseTo(10.0, within(0.001));
  }

  @Test
  void hasNoTimeLeftWhenDone() {
    LaneProgress lane = new LaneProgress("io");
    lane.update(0, 0, 0, 0);

    assertThat(lane.eta()).contains(Duration.ZERO);
    assertThat(lane.fraction()).isEqualTo(1.0);
  }
}
