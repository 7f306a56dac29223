package io.tasklane.worker.settings;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's settings, read once from {@code tasklane.worker} and passed down.
 *
 * @param cpuRunners resolved: never 0
 * @param cpuSpareThreads resolved: never 0 (0 in the config means as many as the runners)
 * @param exec the {@code exec} task type's settings ({@code tasklane.worker.exec})
 * @param rejoinAfter {@code rejoin-after}; zero = off (never restart the node to rejoin)
 * @param rejoinBackoffMax {@code rejoin-backoff-max}: the longest interval between two join attempts of a worker
 *     whose seeds do not answer
 * @param progress what becomes of handlers' progress reports ({@code tasklane.worker.progress})
 * @param autoLane how task types are measured and {@code lane: auto} chosen ({@code auto-lane})
 * @param drainResultsTimeout {@code drain-results-timeout}: how long a drained lane waits for the coordinators to
 *     confirm its last results are journaled before it unregisters
 */
public record WorkerSettings(
    int ioMaxInFlight,
    int cpuRunners,
    int cpuSpareThreads,
    Duration cpuAbandonAfter,
    int cpuRelayQueue,
    int resultBatchMax,
    int resultBatchMaxBytes,
    int maxOutputBytes,
    int maxErrorChars,
    Duration drainTimeout,
    Duration retryBackoffBase,
    Duration retryBackoffMax,
    Path pluginDir,
    Duration httpConnectTimeout,
    Duration laneRestartMinBackoff,
    Duration laneRestartMaxBackoff,
    double laneRestartRandomFactor,
    ExecSettings exec,
    Duration rejoinAfter,
    Duration rejoinBackoffMax,
    ProgressSettings progress,
    AutoLaneSettings autoLane,
    Duration drainResultsTimeout) {

  public WorkerSettings {
    requirePositive(ioMaxInFlight, "io.max-in-flight");
    requirePositive(cpuRunners, "cpu.runners");
    requirePositive(cpuSpareThreads, "cpu.spare-threads");
    requirePositive(cpuAbandonAfter, "cpu.abandon-after");
    requirePositive(cpuRelayQueue, "cpu.relay-queue");
    requirePositive(resultBatchMax, "results.batch-max");
    requirePositive(resultBatchMaxBytes, "results.batch-max-bytes");
    requirePositive(maxOutputBytes, "max-output-bytes");
    requirePositive(maxErrorChars, "max-error-chars");
    requirePositive(drainTimeout, "drain-timeout");
    requirePositive(retryBackoffBase, "retry.backoff-base");
    requirePositive(retryBackoffMax, "retry.backoff-max");
    requirePositive(httpConnectTimeout, "http.connect-timeout");
    requirePositive(laneRestartMinBackoff, "lane-restart.min-backoff");
    requirePositive(laneRestartMaxBackoff, "lane-restart.max-backoff");
    if (!(laneRestartRandomFactor >= 0 && laneRestartRandomFactor <= 1)) {
      throw new IllegalArgumentException(
          "tasklane.worker.lane-restart.random-factor must be between 0 and 1, not " + laneRestartRandomFactor);
    }
    if (rejoinAfter == null || rejoinAfter.isNegative()) {
      throw new IllegalArgumentException("tasklane.worker.rejoin-after must be off, 0 or positive, not " + rejoinAfter);
    }
    requirePositive(rejoinBackoffMax, "rejoin-backoff-max");
    progress = progress == null ? ProgressSettings.DEFAULTS : progress;
    autoLane = autoLane == null ? AutoLaneSettings.DEFAULTS : autoLane;
    drainResultsTimeout = drainResultsTimeout == null ? DRAIN_RESULTS_TIMEOUT : drainResultsTimeout;
    requirePositive(drainResultsTimeout, "drain-results-timeout");
  }

  /** The default {@code drain-results-timeout}. */
  public static final Duration DRAIN_RESULTS_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The settings with the default {@code rejoin-backoff-max} (15 s), {@code progress}, {@code auto-lane} and
   * {@code drain-results-timeout}.
   */
  public WorkerSettings(int ioMaxInFlight, int cpuRunners, int cpuSpareThreads, Duration cpuAbandonAfter,
      int cpuRelayQueue, int resultBatchMax, int resultBatchMaxBytes, int maxOutputBytes, int maxErrorChars,
      Duration drainTimeout, Duration retryBackoffBase, Duration retryBackoffMax, Path pluginDir,
      Duration httpConnectTimeout, Duration laneRestartMinBackoff, Duration laneRestartMaxBackoff,
      double laneRestartRandomFactor, ExecSettings exec, Duration rejoinAfter) {
    this(ioMaxInFlight, cpuRunners, cpuSpareThreads, cpuAbandonAfter, cpuRelayQueue, resultBatchMax,
        resultBatchMaxBytes, maxOutputBytes, maxErrorChars, drainTimeout, retryBackoffBase, retryBackoffMax,
        pluginDir, httpConnectTimeout, laneRestartMinBackoff, laneRestartMaxBackoff, laneRestartRandomFactor, exec,
        rejoinAfter, Duration.ofSeconds(15), ProgressSettings.DEFAULTS, AutoLaneSettings.DEFAULTS, null);
  }

  /** Reads {@code tasklane.worker} from a config that includes the reference defaults. */
  public static WorkerSettings fromConfig(Config config) {
    Config c = config.getConfig("tasklane.worker");
    // read by the CPU dispatcher as it starts; checked here so a typo fails at start-up, named
    CpuPriority.parse(c.getString("cpu.priority"));
    CpuCgroupSetting.enabled(config);
    Duration starvedWindow = c.getDuration("cpu.starved-window");
    if (starvedWindow.compareTo(Duration.ofMillis(100)) < 0 || c.getDuration("cpu.starved-hold").compareTo(starvedWindow) < 0) {
      throw new IllegalArgumentException("tasklane.worker.cpu.starved-window must be at least 100ms and "
          + "tasklane.worker.cpu.starved-hold at least as long, not " + starvedWindow + " and " + c.getDuration("cpu.starved-hold"));
    }
    int runners = WorkerConfig.resolveRunners(c.getInt("cpu.runners"));
    return new WorkerSettings(
        c.getInt("io.max-in-flight"),
        runners,
        WorkerConfig.resolveSpareThreads(c.getInt("cpu.spare-threads"), runners),
        c.getDuration("cpu.abandon-after"),
        c.getInt("cpu.relay-queue"),
        c.getInt("results.batch-max"),
        bytes(c, "results.batch-max-bytes"),
        bytes(c, "max-output-bytes"),
        c.getInt("max-error-chars"),
        c.getDuration("drain-timeout"),
        c.getDuration("retry.backoff-base"),
        c.getDuration("retry.backoff-max"),
        Path.of(c.getString("plugin-dir")),
        c.getDuration("http.connect-timeout"),
        c.getDuration("lane-restart.min-backoff"),
        c.getDuration("lane-restart.max-backoff"),
        c.getDouble("lane-restart.random-factor"),
        ExecSettings.fromConfig(c),
        durationOrOff(c, "rejoin-after"),
        c.getDuration("rejoin-backoff-max"),
        ProgressSettings.fromConfig(c),
        AutoLaneSettings.fromConfig(c),
        c.getDuration("drain-results-timeout"));
  }

  /** A duration, or zero for {@code off} (HOCON reads a bare off as the boolean false). */
  private static Duration durationOrOff(Config c, String key) {
    String value = c.getString(key).trim();
    return value.equalsIgnoreCase("off") || value.equalsIgnoreCase("false") ? Duration.ZERO : c.getDuration(key);
  }

  private static int bytes(Config c, String key) {
    long value = c.getBytes(key);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tasklane.worker." + key + " must be below 2 GiB, not " + value);
    }
    return (int) value;
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
