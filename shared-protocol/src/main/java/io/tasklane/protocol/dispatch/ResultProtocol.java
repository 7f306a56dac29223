package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.List;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Where workers deliver results: a router on each coordinator node that finds the job. */
public final class ResultProtocol {

  /**
   * Every coordinator node's router registers under this key. A worker sends results to the
   * router named in the assignment while it is listed, else to any listed router (the job may
   * have moved to another coordinator).
   */
  public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "tasklane-results");

  private ResultProtocol() {}

  public interface Command extends CborSerializable {}

  /** Outcomes of tasks of one job, batched. */
  public record ReportResults(String jobId, String worker, Lane lane, List<TaskOutcome> outcomes)
      implements Command {

    public ReportResults {
      outcomes = List.copyOf(outcomes);
    }
  }
}
