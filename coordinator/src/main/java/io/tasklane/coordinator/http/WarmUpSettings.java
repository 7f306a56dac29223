package io.tasklane.coordinator.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.coordinator.warm-up}: what {@code POST /api/cluster/warm-up} runs when the
 * request names no amount ({@link WarmUpRoutes}).
 *
 * @param jobs no-op jobs run one after another
 * @param tasks tasks of each
 * @param requests appends of one task each, with wait, sent over HTTP after the jobs ({@link WarmUpRequests})
 * @param requestsInFlight of those, sent at once
 * @param maxTime no job is started, and no request sent, once this long has passed since the warm-up began
 * @param jitSettleMax then the answer waits at most this long for this node's JIT to finish what the warm-up queued (0: not at all)
 */
record WarmUpSettings(int jobs, int tasks, int requests, int requestsInFlight, Duration maxTime, Duration jitSettleMax) {

  /** Most jobs and tasks per job one warm-up may ask for: it is a warm-up, not a workload. */
  static final int MAX_JOBS = 100;
  static final int MAX_TASKS = 1_000_000;
  static final int MAX_REQUESTS = 100_000;
  static final int MAX_REQUESTS_IN_FLIGHT = 64;

  WarmUpSettings {
    if (jobs < 1 || jobs > MAX_JOBS) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.jobs must be 1 to " + MAX_JOBS + ", not " + jobs);
    }
    if (tasks < 1 || tasks > MAX_TASKS) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.tasks must be 1 to " + MAX_TASKS + ", not " + tasks);
    }
    if (requests < 0 || requests > MAX_REQUESTS) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.requests must be 0 to " + MAX_REQUESTS + ", not " + requests);
    }
    if (requestsInFlight < 1 || requestsInFlight > MAX_REQUESTS_IN_FLIGHT) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.requests-in-flight must be 1 to "
          + MAX_REQUESTS_IN_FLIGHT + ", not " + requestsInFlight);
    }
    if (maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.max-time must be positive, not " + maxTime);
    }
    if (jitSettleMax.isNegative()) {
      throw new IllegalArgumentException("tasklane.coordinator.warm-up.jit-settle-max must be 0 or positive, not " + jitSettleMax);
    }
  }

  static WarmUpSettings from(Config coordinator) {
    Config config = coordinator.getConfig("warm-up");
    return new WarmUpSettings(config.getInt("jobs"), config.getInt("tasks"), config.getInt("requests"),
        config.getInt("requests-in-flight"), config.getDuration("max-time"), config.getDuration("jit-settle-max"));
  }
}
