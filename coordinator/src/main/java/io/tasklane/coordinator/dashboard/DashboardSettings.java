package io.tasklane.coordinator.dashboard;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The live dashboard's settings, read once from {@code tasklane.coordinator.dashboard}: how often
 * and how many live streams, how large a page, how long a login lasts, how much history is read.
 *
 * @param interval how often a dashboard stream looks for changes (its events come at most this often)
 * @param heartbeat a keep-alive after this long without an event
 * @param reconnect what the stream tells the browser to wait before it reconnects
 * @param maxStreams live dashboard streams open at once on this node (one per open page)
 * @param maxPage most jobs on one page of the list
 * @param sessionTtl how long a login lasts
 * @param rateWindow tasks per second are measured over this window
 * @param maxHistoryReads journal reads for job pages at once on this node
 * @param historyPoints most points of a job's finished-tasks-per-second line
 * @param timelineMaxTasks largest job (in tasks) whose tasks are drawn one by one
 */
public record DashboardSettings(
    Duration interval,
    Duration heartbeat,
    Duration reconnect,
    int maxStreams,
    int maxPage,
    Duration sessionTtl,
    Duration rateWindow,
    int maxHistoryReads,
    int historyPoints,
    int timelineMaxTasks) {

  /** Faster than this and the page would be redrawn more often than anyone can read it. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  public DashboardSettings {
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("tasklane.coordinator.dashboard.interval must be at least "
          + MIN_INTERVAL.toMillis() + " ms, not " + interval.toMillis() + " ms");
    }
    positive("max-streams", maxStreams);
    positive("max-page", maxPage);
    positive("max-history-reads", maxHistoryReads);
    positive("history-points", historyPoints);
    if (timelineMaxTasks < 0) {
      throw new IllegalArgumentException("tasklane.coordinator.dashboard.timeline-max-tasks must be 0 or more, not "
          + timelineMaxTasks);
    }
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("tasklane.coordinator.dashboard." + key + " must be at least 1, not " + value);
    }
  }

  public static DashboardSettings fromConfig(Config root) {
    Config config = root.getConfig("tasklane.coordinator.dashboard");
    return new DashboardSettings(
        config.getDuration("interval"),
        config.getDuration("heartbeat"),
        config.getDuration("reconnect"),
        config.getInt("max-streams"),
        config.getInt("max-page"),
        config.getDuration("session-ttl"),
        config.getDuration("rate-window"),
        config.getInt("max-history-reads"),
        config.getInt("history-points"),
        config.getInt("timeline-max-tasks"));
  }
}
