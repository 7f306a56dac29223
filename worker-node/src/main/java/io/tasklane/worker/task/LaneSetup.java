package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.worker.auto.LaneChoices;
import io.tasklane.worker.auto.Measuring;
import io.tasklane.worker.settings.WorkerSettings;

/**
 * What a lane is: its node's name, which lane, how many tasks at once, and what it runs with.
 *
 * @param worker the node's name ({@code host:port})
 * @param settings the node's settings (batching, limits, retries, drain, abandoning threads)
 * @param measuring measures its runs, for the choice of auto lanes; its choices are what the lane
 *     offers the broker (shared by the node's lanes)
 */
public record LaneSetup(
    String worker,
    Lane lane,
    int capacity,
    WorkerSettings settings,
    HandlerRegistry registry,
    TaskServices services,
    Measuring measuring) {

  /** A lane measuring for itself alone (tests). */
  public LaneSetup(String worker, Lane lane, int capacity, WorkerSettings settings, HandlerRegistry registry,
      TaskServices services) {
    this(worker, lane, capacity, settings, registry, services, measuring(settings, registry));
  }

  /** Measures the runs of {@code registry}'s types and chooses their auto lanes. */
  public static Measuring measuring(WorkerSettings settings, HandlerRegistry registry) {
    return new Measuring(new LaneChoices(settings.autoLane(), registry::offers, System::nanoTime));
  }

  public RetryBackoff backoff() {
    return new RetryBackoff(settings.retryBackoffBase(), settings.retryBackoffMax());
  }
}
