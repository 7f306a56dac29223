package io.tasklane.coordinator.job;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.List;

/**
 * What the journal keeps of a job: the accepted spec once, results in batches, a cancel.
 * Dispatches are not journaled: after recovery every task without a result is queued again.
 */
public sealed interface JobEvent extends CborSerializable {

  record JobSubmitted(String jobId, JobSpec spec, long at) implements JobEvent {}

  record ResultsRecorded(String worker, List<TaskOutcome> outcomes, long at) implements JobEvent {

    public ResultsRecorded {
      outcomes = List.copyOf(outcomes);
    }
  }

  record JobCancelled(long at) implements JobEvent {}
}
