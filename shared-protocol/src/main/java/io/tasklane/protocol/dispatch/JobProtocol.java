package io.tasklane.protocol.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** One job (a sharded, event-sourced entity keyed by job id on the coordinator nodes). */
public final class JobProtocol {

  private JobProtocol() {}

  public interface Command extends CborSerializable {}

  /** Accept the job (persisted before the reply). Submitting an existing id is a no-op. */
  public record SubmitJob(JobSpec spec, long submittedAtMillis, ActorRef<StatusReply<JobAccepted>> replyTo)
      implements Command {}

  public record GetJob(ActorRef<JobLookup> replyTo) implements Command {}

  /**
   * Adds tasks to an open job (journaled before the answer). Lanes are resolved; the tasks are
   * numbered on from the job's last one. An append under an idempotency {@code key} (or null)
   * the job has taken before is answered as then, not taken again. With {@code awaited} (a request
   * that then waits for the tasks with {@link AwaitTasks}), the job takes them only while it has
   * room for one more waiting request, else answers {@link Appended#tooManyWaiting()} and takes
   * nothing: a refusal the client may simply retry.
   */
  public record AppendTasks(List<TaskTemplate> tasks, String key, boolean awaited, ActorRef<Appended> replyTo)
      implements Command {

    public AppendTasks {
      tasks = List.copyOf(tasks);
    }

    /** An append no request waits on. */
    public AppendTasks(List<TaskTemplate> tasks, String key, ActorRef<Appended> replyTo) {
      this(tasks, key, false, replyTo);
    }
  }

  /**
   * The answer to {@link AppendTasks}: the tasks are numbered {@code first} … {@code first +
   * count - 1}; or {@code refused} says why not (the job is not open, or would grow past its
   * limit, or its key was used for other tasks); {@code status} is null when no job has that id;
   * {@code repeated}: the job had taken these tasks under this key before, and not again now;
   * {@code tooManyWaiting}: an append with wait that was not taken (with {@code refused} saying
   * so) because as many requests as the job keeps already wait on it.
   */
  public record Appended(JobStatus status, int first, int count, String refused, boolean repeated,
      boolean tooManyWaiting) implements CborSerializable {

    public Appended(JobStatus status, int first, int count, String refused, boolean repeated) {
      this(status, first, count, refused, repeated, false);
    }
  }

  /** No more tasks: an open job ends once the ones it has ended. Answers the status after. */
  public record CloseJob(ActorRef<JobLookup> replyTo) implements Command {}

  /**
   * Answers with {@link TasksEnded} once tasks {@code first} … {@code first + count - 1} have all
   * ended (at once if they have).
   */
  public record AwaitTasks(int first, int count, ActorRef<TasksEnded> replyTo) implements Command {}

  /**
   * Awaited tasks ended: their result lines when {@code resultsInline}, else too large for one
   * message (fetch them page by page). {@code results} is null when the job did not take the
   * request (too many were waiting on it): nothing was waited for.
   */
  public record TasksEnded(String results, boolean resultsInline) implements CborSerializable {}

  /**
   * Up to {@code max} results of ended tasks from task {@code from} on, as JSON lines; with
   * {@code failedOnly} only those that did not succeed.
   */
  public record GetResults(int from, int max, boolean failedOnly, ActorRef<ResultsPage> replyTo)
      implements Command {}

  /**
   * Results in the order the tasks ended, from the {@code from}-th ended task on: answered at
   * once when there are any (or the job has ended), else as soon as some are recorded. The
   * page's {@code next} is the cursor for the next request.
   */
  public record FollowResults(int from, int max, boolean failedOnly, ActorRef<ResultsPage> replyTo)
      implements Command {}

  /**
   * Cancels a running job; answers its status after, {@link JobLookup#changed} true only for
   * the cancel that ended it (an ended job is left as it is).
   */
  public record CancelJob(ActorRef<JobLookup> replyTo) implements Command {}

  /** Answers with {@link JobEnded} once the job has ended (at once if it has). */
  public record AwaitEnd(ActorRef<JobEnded> replyTo) implements Command {}

  /** The final status and every result, as JSON lines (for small jobs submitted with wait). */
  /**
   * A waited-for job ended. {@code results} are its result lines when {@code resultsInline};
   * when they are too large for one message they are left out (fetch them page by page).
   */
  public record JobEnded(JobStatus status, String results, boolean resultsInline) implements CborSerializable {}

  /** Start (recover) if not running: a running job then asks for workers again. */
  public enum Resume implements Command {
    INSTANCE
  }

  /**
   * From the broker: send queued tasks of {@code lane}, at most {@code max} to each grant's
   * lane, batched in one message per lane; answer with {@link BrokerProtocol.TasksPulled},
   * echoing {@code pullId} (the broker tells a late answer from a current one by it).
   */
  public record PullTasks(Lane lane, List<Grant> grants, long pullId, ActorRef<BrokerProtocol.Command> broker)
      implements Command {

    public PullTasks {
      grants = List.copyOf(grants);
    }
  }

  /**
   * Credit of one worker lane lent to one job for one pull, for tasks of {@code kinds} only (of
   * the kinds the job said it has queued, those the worker lane takes).
   */
  public record Grant(String worker, ActorRef<LaneProtocol.Command> laneRef, int max, Set<TaskKind> kinds)
      implements CborSerializable {

    public Grant {
      kinds = Set.copyOf(kinds);
    }
  }

  /**
   * From the broker: of the kinds the job has queued, these are taken by no worker lane now (no
   * live worker offers the type, or none chose the lane an auto kind was queued for): they wait
   * until one (re)joins. Sent when the set changes; empty when nothing waits any more.
   */
  public record KindsWaiting(Set<TaskKind> kinds) implements Command {

    public KindsWaiting {
      kinds = Set.copyOf(kinds);
    }
  }

  /**
   * Outcomes from workers, in the batches they sent (a router merges what arrived while the
   * job was busy journaling the previous ones: group commit); the first outcome of a task wins.
   * Answered with {@code Done} once journaled, so the router sends the next group.
   */
  public record RecordResults(List<ResultProtocol.ReportResults> batches, ActorRef<org.apache.pekko.Done> replyTo)
      implements Command {

    public RecordResults {
      batches = List.copyOf(batches);
    }
  }

  /** A worker lane is gone: its tasks in flight go back to the queue. */
  public record LaneLost(String worker, Lane lane) implements Command {}

  // ---- replies

  public record JobAccepted(String id, boolean created) implements CborSerializable {}

  /**
   * {@code status} is null when no job has that id. {@code changed}: the command asked for
   * changed the job (a {@link CancelJob} that cancelled it, or closed an open job with nothing
   * left to run); false when it found the job as it left it (already ended, say), so of two
   * cancels racing only one is told it cancelled.
   */
  public record JobLookup(JobStatus status, boolean changed) implements CborSerializable {

    /** A lookup that changed nothing. */
    public JobLookup(JobStatus status) {
      this(status, false);
    }
  }

  public enum JobState {
    running,
    succeeded,
    failed,
    cancelled
  }

  public record LaneCounts(
      int total,
      int queued,
      int running,
      int succeeded,
      int failed,
      @JsonProperty("timed_out") int timedOut,
      int cancelled)
      implements CborSerializable {

    public int ended() {
      return succeeded + failed + timedOut + cancelled;
    }
  }

  /**
   * @param waiting what of the job waits for a worker that offers its type, one sentence each
   *     ("12 tasks of type words.count wait for a worker that offers it"); empty when nothing does
   */
  public record JobStatus(
      String id,
      String name,
      JobState state,
      long submittedAt,
      Long endedAt,
      int total,
      Map<Lane, LaneCounts> lanes,
      String coordinator,
      boolean open,
      List<String> waiting)
      implements CborSerializable {

    @com.fasterxml.jackson.annotation.JsonCreator
    public JobStatus {
      lanes = Map.copyOf(lanes);
      waiting = waiting == null ? List.of() : List.copyOf(waiting);
    }

    /** The status of a job of which nothing waits for a worker that offers its type. */
    public JobStatus(String id, String name, JobState state, long submittedAt, Long endedAt, int total,
        Map<Lane, LaneCounts> lanes, String coordinator, boolean open) {
      this(id, name, state, submittedAt, endedAt, total, lanes, coordinator, open, List.of());
    }

    /** The status of a job that is not open for more tasks. */
    public JobStatus(String id, String name, JobState state, long submittedAt, Long endedAt, int total,
        Map<Lane, LaneCounts> lanes, String coordinator) {
      this(id, name, state, submittedAt, endedAt, total, lanes, coordinator, false);
    }

    /** The same status, naming the coordinator node ({@code host:port}) that holds the job. */
    public JobStatus on(String node) {
      return new JobStatus(id, name, state, submittedAt, endedAt, total, lanes, node, open, waiting);
    }

    /** The same status, saying what waits for a worker. */
    public JobStatus waiting(List<String> sentences) {
      return new JobStatus(id, name, state, submittedAt, endedAt, total, lanes, coordinator, open, sentences);
    }
  }

  /**
   * @param lines the results as JSON lines, each ending with a newline
   * @param count how many lines
   * @param next the index to ask from next
   * @param complete true when every task at or past {@code from} had ended and was included
   */
  public record ResultsPage(String lines, int count, int next, boolean complete) implements CborSerializable {}
}
