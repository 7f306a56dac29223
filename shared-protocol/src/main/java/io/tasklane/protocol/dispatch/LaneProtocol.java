package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.task.TaskSpec;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** A worker node's lane (I/O or CPU): receives tasks it has credit for. */
public final class LaneProtocol {

  private LaneProtocol() {}

  public interface Command {}

  /** Remote commands; the lane's private messages implement {@link Command} only. */
  public sealed interface RemoteCommand extends Command, CborSerializable {}

  /**
   * Tasks of one job, never more than the credit the lane offered. Results go to
   * {@code resultsTo}, batched.
   */
  public record AssignTasks(
      String jobId, List<TaskSpec> tasks, ActorRef<ResultProtocol.Command> resultsTo)
      implements RemoteCommand {

    public AssignTasks {
      tasks = List.copyOf(tasks);
    }
  }

  /** Stop every task of the job: queued ones report cancelled, running ones are stopped. */
  public record CancelJob(String jobId) implements RemoteCommand {}

  /** A result router's answer to {@link ResultProtocol.ConfirmRecorded}: the lane's results of {@code jobId} are journaled. */
  public record ResultsRecorded(String jobId) implements RemoteCommand {}
}
