package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.List;

/** Where workers deliver results: a router on each coordinator node that finds the job. */
public final class ResultProtocol {

  private ResultProtocol() {}

  public sealed interface Command extends CborSerializable {}

  /** Outcomes of tasks of one job, batched. */
  public record ReportResults(String jobId, String worker, Lane lane, List<TaskOutcome> outcomes)
      implements Command {

    public ReportResults {
      outcomes = List.copyOf(outcomes);
    }
  }
}
