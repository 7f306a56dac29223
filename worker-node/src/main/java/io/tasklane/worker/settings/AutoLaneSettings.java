package io.tasklane.worker.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.worker.auto-lane}: how the worker measures task types and chooses the lane
 * of {@code lane: auto} ones (see reference.conf).
 *
 * @param minSamples runs measured before the first choice
 * @param window the most recent runs the CPU/wall ratio is taken over
 * @param cpuAbove a type moves to (or first goes to) the CPU lane when its ratio is above this
 * @param ioBelow a type moves to the I/O lane when its ratio is below this; between the two a
 *     choice stays as it is (hysteresis); the first choice takes the middle
 * @param ioSampleEvery one in this many runs of a function handler in the I/O lane, and of an
 *     I/O handler's start, is measured (on a platform thread: virtual threads have no CPU clock)
 * @param ioSampleThreads the most platform threads measuring I/O-lane runs at once (more samples
 *     then just run unmeasured)
 * @param ioStartCpuWarn an I/O handler whose start takes more thread CPU time than this on
 *     average holds the I/O lane's thread: warned once (log and metric), until it is below again
 * @param reportEvery how often changed figures are told to the broker at most (a changed choice
 *     is told at once)
 */
public record AutoLaneSettings(
    int minSamples, int window, double cpuAbove, double ioBelow, int ioSampleEvery, int ioSampleThreads,
    Duration ioStartCpuWarn, Duration reportEvery) {

  public static final AutoLaneSettings DEFAULTS =
      new AutoLaneSettings(3, 50, 0.5, 0.15, 10, 4, Duration.ofMillis(2), Duration.ofSeconds(5));

  public AutoLaneSettings {
    if (minSamples < 1 || window < minSamples) {
      throw new IllegalArgumentException("tasklane.worker.auto-lane: min-samples must be >= 1 and window >= min-samples, not "
          + minSamples + " and " + window);
    }
    if (!(ioBelow >= 0 && ioBelow <= cpuAbove && cpuAbove <= 1)) {
      throw new IllegalArgumentException("tasklane.worker.auto-lane: need 0 <= io-below <= cpu-above <= 1, not io-below = "
          + ioBelow + ", cpu-above = " + cpuAbove);
    }
    if (ioSampleEvery < 1 || ioSampleThreads < 1) {
      throw new IllegalArgumentException("tasklane.worker.auto-lane: io-sample-every and io-sample-threads must be >= 1");
    }
    if (ioStartCpuWarn == null || ioStartCpuWarn.isNegative() || reportEvery == null || reportEvery.isNegative()) {
      throw new IllegalArgumentException("tasklane.worker.auto-lane: io-start-cpu-warn and report-every must be >= 0");
    }
  }

  /** The middle of the two thresholds: where a first choice splits. */
  public double firstChoiceAt() {
    return (cpuAbove + ioBelow) / 2;
  }

  static AutoLaneSettings fromConfig(Config worker) {
    Config c = worker.getConfig("auto-lane");
    return new AutoLaneSettings(c.getInt("min-samples"), c.getInt("window"), c.getDouble("cpu-above"),
        c.getDouble("io-below"), c.getInt("io-sample-every"), c.getInt("io-sample-threads"),
        c.getDuration("io-start-cpu-warn"), c.getDuration("report-every"));
  }
}
