package io.tasklane.coordinator.job;

import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.List;

/** What a job tells the coordinator's metrics of the tasks it sends and records. */
final class JobMetrics {

  private static final Lane[] LANES = Lane.values();
  private static final TaskStatus[] STATUSES = TaskStatus.values();

  private final Metrics metrics;

  JobMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  Metrics metrics() {
    return metrics;
  }

  /** Tasks sent to a worker lane: how many, and how long each waited in its queue. */
  void dispatched(Lane lane, List<TaskSpec> tasks, Templates templates) {
    metrics.dispatched(lane, tasks.size());
    long now = System.currentTimeMillis();
    for (TaskSpec task : tasks) {
      metrics.queueWait(lane, Duration.ofMillis(Math.max(0, now - templates.queuedAt(task.index()))));
    }
  }

  /**
   * How long each outcome's task ran, {@code [event][outcome]} in nanoseconds (-1 if it was not
   * in flight here), measured before its results are journaled.
   */
  static long[][] runNanos(List<JobEvent> events, Dispenser dispenser, long now) {
    long[][] runNanos = new long[events.size()][];
    for (int e = 0; e < events.size(); e++) {
      RecordedOutcomes outcomes = ((JobEvent.ResultsRecorded) events.get(e)).outcomes();
      runNanos[e] = new long[outcomes.size()];
      for (int i = 0; i < outcomes.size(); i++) {
        long since = dispenser.dispatchedAt(outcomes.index(i));
        runNanos[e][i] = since < 0 ? -1 : now - since;
      }
    }
    return runNanos;
  }

  /**
   * One recorded batch: each task's retries and run time ({@code runNanos[i]}, -1 if unknown),
   * and the ended counts by lane and status, counted here and added once per batch.
   */
  void recorded(String worker, RecordedOutcomes outcomes, long[] runNanos, Templates templates) {
    int[] endedBy = new int[LANES.length * STATUSES.length];
    for (int i = 0; i < outcomes.size(); i++) {
      Lane lane = templates.laneOf(outcomes.index(i));
      endedBy[lane.ordinal() * STATUSES.length + outcomes.status(i).ordinal()]++;
      metrics.retried(lane, outcomes.attempts(i));
      if (runNanos[i] >= 0) {
        metrics.runTime(lane, Duration.ofNanos(runNanos[i]));
      }
    }
    for (int k = 0; k < endedBy.length; k++) {
      if (endedBy[k] > 0) {
        metrics.ended(LANES[k / STATUSES.length], worker, STATUSES[k % STATUSES.length], endedBy[k]);
      }
    }
  }
}
