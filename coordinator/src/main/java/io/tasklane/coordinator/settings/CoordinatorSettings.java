package io.tasklane.coordinator.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/** The coordinator's settings, read once from {@code tasklane.coordinator}. */
public record CoordinatorSettings(
    String httpHost,
    int httpPort,
    String token,
    long maxBodyBytes,
    long maxTasks,
    int maxAppends,
    int maxInputBytes,
    Duration endedJobIdle,
    Duration endedJobIdleLarge,
    long largeResults,
    Duration openJobIdle,
    int maxEndedJobsListed,
    int maxBatch,
    long maxBatchBytes,
    int messageTasks,
    int maxUnrecorded,
    Duration laneUpWait,
    int resultsPage,
    Duration followPark,
    Duration followRetry,
    Duration followKeepAlive,
    Duration eventsInterval,
    Duration eventsHeartbeat,
    Duration askTimeout,
    Duration wakeInterval,
    Duration wakeGrace,
    Duration maxWait,
    int maxWaitTasks,
    int maxWaiters,
    long maxMessageBytes,
    String dataDir) {

  /** The route waits 30 s for a follower's page: the job must answer well before that. */
  public static final Duration FOLLOW_ASK = Duration.ofSeconds(30);
  static final Duration MAX_FOLLOW_PARK = FOLLOW_ASK.minusSeconds(5);

  private static Duration followPark(Duration park) {
    if (park.isNegative() || park.isZero() || park.compareTo(MAX_FOLLOW_PARK) > 0) {
      throw new IllegalArgumentException("tasklane.coordinator.results-follow-park must be more than 0 and at most "
          + MAX_FOLLOW_PARK.toSeconds() + " s (the HTTP route waits " + FOLLOW_ASK.toSeconds() + " s for the job), not "
          + park.toMillis() + " ms");
    }
    return park;
  }

  private static Duration positive(String path, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("tasklane.coordinator." + path + " must be more than 0, not " + duration.toMillis() + " ms");
    }
    return duration;
  }

  /** Where Artery's largest message is configured; Artery drops bigger ones. */
  static final String FRAME_SIZE = "pekko.remote.artery.advanced.maximum-frame-size";

  /** Refuses a message budget that is not positive or, on a cluster node, not below Artery's frame. */
  private static long maxMessageBytes(Config root, long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("tasklane.coordinator.max-message-bytes must be more than 0, not " + bytes);
    }
    String provider = root.hasPath("pekko.actor.provider") ? root.getString("pekko.actor.provider") : "local";
    boolean clustered = provider.equals("cluster") || provider.endsWith("ClusterActorRefProvider");
    // a page or a group stops once past the budget, so it may carry one more line or batch, itself
    // bounded by the worker's max-output-bytes (which the worker keeps below the frame)
    if (clustered && root.hasPath(FRAME_SIZE) && bytes > root.getBytes(FRAME_SIZE) / 2) {
      throw new IllegalArgumentException("tasklane.coordinator.max-message-bytes (" + bytes + ") must be at most half of "
          + FRAME_SIZE + " (" + root.getBytes(FRAME_SIZE) + "): a message may carry one more result past it, "
          + "and Artery drops bigger messages");
    }
    return bytes;
  }

  public static CoordinatorSettings fromConfig(Config root) {
    Config config = root.getConfig("tasklane.coordinator");
    return new CoordinatorSettings(
        config.getString("http.host"),
        config.getInt("http.port"),
        config.getString("http.token"),
        config.getBytes("http.max-body"),
        config.getLong("jobs.max-tasks"),
        config.getInt("jobs.max-appends"),
        Math.toIntExact(config.getBytes("jobs.max-input-bytes")),
        config.getDuration("jobs.ended-idle"),
        config.getDuration("jobs.ended-idle-large"),
        config.getBytes("jobs.large-results"),
        config.getDuration("jobs.open-idle"),
        config.getInt("jobs.max-listed-ended"),
        config.getInt("dispatch.max-batch"),
        config.getBytes("dispatch.max-batch-bytes"),
        config.getInt("dispatch.message-tasks"),
        config.getInt("dispatch.max-unrecorded"),
        positive("dispatch.lane-up-wait", config.getDuration("dispatch.lane-up-wait")),
        config.getInt("results-page"),
        followPark(config.getDuration("results-follow-park")),
        config.getDuration("results-follow-retry"),
        config.getDuration("results-follow-keep-alive"),
        config.getDuration("events-interval"),
        config.getDuration("events-heartbeat"),
        config.getDuration("ask-timeout"),
        config.getDuration("wake-interval"),
        config.getDuration("wake-grace"),
        config.getDuration("wait.max-time"),
        config.getInt("wait.max-tasks"),
        config.getInt("wait.max-waiters"),
        maxMessageBytes(root, config.getBytes("max-message-bytes")),
        config.getString("data-dir"));
  }
}
