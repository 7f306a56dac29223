package io.tasklane.worker.auto;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.worker.settings.AutoLaneSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a type's runs choose its lane: first after min-samples, then with hysteresis over a window. */
class LaneMeterTest {

  private static final long MS = 1_000_000;
  /** 3 runs to choose, a window of 5, CPU above 0.6, I/O below 0.3. */
  private static final AutoLaneSettings SETTINGS =
      new AutoLaneSettings(3, 5, 0.6, 0.3, 10, 2, Duration.ofMillis(2), Duration.ofSeconds(5));

  @Test
  void choosesNothingBeforeMinSamplesThenTheCpuLaneForARunThatComputes() {
    LaneMeter meter = new LaneMeter(SETTINGS);
    assertThat(meter.record(95 * MS, 100 * MS)).isFalse();
    assertThat(meter.record(97 * MS, 100 * MS)).isFalse();
    assertThat(meter.chosen()).isNull();
    assertThat(meter.record(99 * MS, 100 * MS)).as("the third run decides").isTrue();
    assertThat(meter.chosen()).isEqualTo(Lane.CPU);
    assertThat(meter.ratio()).isCloseTo(0.97, org.assertj.core.data.Offset.offset(0.001));
    assertThat(meter.figures(true, null).chosen()).isEqualTo(Lane.CPU);
    assertThat(meter.figures(true, null).samples()).isEqualTo(3);
  }

  @Test
  void choosesTheIoLaneForARunThatMostlyWaits() {
    LaneMeter meter = new LaneMeter(SETTINGS);
    for (int run = 0; run < 3; run++) {
      meter.record(MS / 10, 200 * MS); // a 200 ms sleep: a tenth of a ms of CPU
    }
    assertThat(meter.chosen()).isEqualTo(Lane.IO);
    assertThat(meter.cpuNanosPerRun()).isEqualTo(MS / 10);
  }

  @Test
  void aRatioBetweenTheThresholdsKeepsTheChoiceAndAClearChangeMovesIt() {
    LaneMeter meter = new LaneMeter(SETTINGS);
    for (int run = 0; run < 5; run++) {
      meter.record(10 * MS, 100 * MS);
    }
    assertThat(meter.chosen()).isEqualTo(Lane.IO);
    // half computing: between io-below and cpu-above, the choice stays
    for (int run = 0; run < 5; run++) {
      assertThat(meter.record(50 * MS, 100 * MS)).isFalse();
    }
    assertThat(meter.ratio()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
    assertThat(meter.chosen()).isEqualTo(Lane.IO);
    // it now computes: once the window's ratio is above cpu-above, it moves
    boolean moved = false;
    for (int run = 0; run < 5 && !moved; run++) {
      moved = meter.record(100 * MS, 100 * MS);
    }
    assertThat(moved).isTrue();
    assertThat(meter.chosen()).isEqualTo(Lane.CPU);
    assertThat(meter.ratio()).isGreaterThan(0.6);
  }

  @Test
  void aFirstChoiceSplitsAtTheMiddleAndCpuTimeNeverCountsMoreThanWallTime() {
    LaneMeter meter = new LaneMeter(SETTINGS);
    for (int run = 0; run < 3; run++) {
      meter.record(46 * MS, 100 * MS); // 0.46 >= (0.6 + 0.3) / 2
    }
    assertThat(meter.chosen()).isEqualTo(Lane.CPU);
    LaneMeter clocks = new LaneMeter(SETTINGS);
    clocks.record(300 * MS, 100 * MS);
    assertThat(clocks.ratio()).isEqualTo(1.0);
  }

  @Test
  void theFirstRunAndTheRunsThatBeganBeforeItEndedAreTheWarmUpAndNotRecorded() {
    LaneMeter meter = new LaneMeter(SETTINGS);
    assertThat(meter.warmingUp(0, 300 * MS)).as("the first run to end").isTrue();
    assertThat(meter.warmingUp(10 * MS, 4_000 * MS)).as("began while the first ran").isTrue();
    assertThat(meter.warmingUp(299 * MS, 350 * MS)).as("began while the first ran").isTrue();
    assertThat(meter.warmingUp(300 * MS, 320 * MS)).as("began as it ended").isFalse();
    assertThat(meter.warmingUp(5_000 * MS, 5_020 * MS)).isFalse();
    assertThat(meter.samples()).as("warm-up runs are not recorded").isZero();
  }
}
