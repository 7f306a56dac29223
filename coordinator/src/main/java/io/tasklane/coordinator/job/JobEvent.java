package io.tasklane.coordinator.job;

import io.tasklane.protocol.CborSerializable;
import java.util.List;

/**
 * What the journal keeps of a job: the accepted spec once, results in batches, a cancel; for an
 * open job also the tasks appended to it and its closing. Dispatches are not journaled: after
 * recovery every task without a result is queued again.
 *
 * <p>The class names are the journal's manifests: renaming one is a journal migration. What they
 * carry is the coordinator's own ({@link RecordedSpec}, {@link RecordedTemplate},
 * {@link RecordedOutcomes}), not the wire's records or the job-file model, so a change of those
 * is not a journal migration.
 */
public sealed interface JobEvent extends CborSerializable {

  record JobSubmitted(String jobId, RecordedSpec spec, long at) implements JobEvent {}

  /** The first results of one batch from {@code worker}, recorded at {@code at} (epoch ms). */
  record ResultsRecorded(String worker, RecordedOutcomes outcomes, long at) implements JobEvent {}

  record JobCancelled(long at) implements JobEvent {}

  /**
   * Tasks appended to an open job (lanes resolved), numbered on from its last task; {@code key}
   * is the request's idempotency key, or null (and in events journaled before there were keys).
   */
  record TasksAppended(List<RecordedTemplate> tasks, long at, String key) implements JobEvent {

    public TasksAppended {
      tasks = List.copyOf(tasks);
    }
  }

  /** An open job takes no more tasks. */
  record JobClosed(long at) implements JobEvent {}
}
