package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
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

  /**
   * A draining lane asks: answer {@link LaneProtocol.ResultsRecorded} to {@code laneRef} once
   * every {@link ReportResults} of {@code jobId} that reached this router before this message is
   * journaled (at once if none waits). Messages between two actors keep their order, so the
   * lane's own results for the job are among them; only then does it unregister, and its job
   * requeues nothing it finished.
   */
  public record ConfirmRecorded(String jobId, ActorRef<LaneProtocol.Command> laneRef) implements Command {}
}
