package io.tasklane.worker;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's settings, read once from {@code tasklane.worker} and passed down.
 *
 * @param cpuRunners resolved: never 0
 */
public record WorkerSettings(
    int ioMaxInFlight,
    int cpuRunners,
    int resultBatchMax,
    Duration retryBackoffBase,
    Duration retryBackoffMax,
    Path pluginDir,
    Duration httpConnectTimeout,
    Duration laneRestartMinBackoff,
    Duration laneRestartMaxBackoff) {

  public WorkerSettings {
    requirePositive(ioMaxInFlight, "io.max-in-flight");
    requirePositive(cpuRunners, "cpu.runners");
    requirePositive(resultBatchMax, "results.batch-max");
    requirePositive(retryBackoffBase, "retry.backoff-base");
    requirePositive(retryBackoffMax, "retry.backoff-max");
    requirePositive(httpConnectTimeout, "http.connect-timeout");
    requirePositive(laneRestartMinBackoff, "lane-restart.min-backoff");
    requirePositive(laneRestartMaxBackoff, "lane-restart.max-backoff");
  }

  /** Reads {@code tasklane.worker} from a config that includes the reference defaults. */
  public static WorkerSettings fromConfig(Config config) {
    Config c = config.getConfig("tasklane.worker");
    return new WorkerSettings(
        c.getInt("io.max-in-flight"),
        WorkerConfig.resolveRunners(c.getInt("cpu.runners")),
        c.getInt("results.batch-max"),
        c.getDuration("retry.backoff-base"),
        c.getDuration("retry.backoff-max"),
        Path.of(c.getString("plugin-dir")),
        c.getDuration("http.connect-timeout"),
        c.getDuration("lane-restart.min-backoff"),
        c.getDuration("lane-restart.max-backoff"));
  }

  private static void requirePositive(int value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException("tasklane.worker." + key + " must be positive, not " + value);
    }
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("tasklane.worker." + key + " must be positive, not " + value);
    }
  }
}
