package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.worker.settings.WorkerSettings;

/**
 * What a lane is: its node's name, which lane, how many tasks at once, and what it runs with.
 *
 * @param worker the node's name ({@code host:port})
 * @param settings the node's settings (batching, limits, retries, drain, abandoning threads)
 */
public record LaneSetup(
    String worker,
    Lane lane,
    int capacity,
    WorkerSettings settings,
    HandlerRegistry registry,
    TaskServices services) {

  public RetryBackoff backoff() {
    return new RetryBackoff(settings.retryBackoffBase(), settings.retryBackoffMax());
  }
}
