package io.tasklane.coordinator;

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
    Duration openJobIdle,
    int maxEndedJobsListed,
    int maxBatch,
    long maxBatchBytes,
    int messageTasks,
    int maxUnrecorded,
    int resultsPage,
    Duration eventsInterval,
    Duration askTimeout,
    Duration wakeInterval,
    Duration maxWait,
    int maxWaitTasks,
    int maxWaiters,
    String dataDir) {

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
        config.getDuration("jobs.open-idle"),
        config.getInt("jobs.max-listed-ended"),
        config.getInt("dispatch.max-batch"),
        config.getBytes("dispatch.max-batch-bytes"),
        config.getInt("dispatch.message-tasks"),
        config.getInt("dispatch.max-unrecorded"),
        config.getInt("results-page"),
        config.getDuration("events-interval"),
        config.getDuration("ask-timeout"),
        config.getDuration("wake-interval"),
        config.getDuration("wait.max-time"),
        config.getInt("wait.max-tasks"),
        config.getInt("wait.max-waiters"),
        config.getString("data-dir"));
  }
}
