package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.BrokerProtocol.GrantUsed;
import io.tasklane.protocol.dispatch.BrokerProtocol.TasksPulled;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.dispatch.TaskKind;
import io.tasklane.protocol.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.RecipientRef;

/** What one job tells the rest of the coordinator: the broker, worker lanes, and the job index. */
final class JobOutbox {

  private final String jobId;
  private final ActorRef<BrokerProtocol.Command> broker;
  private final ActorRef<ResultProtocol.Command> resultsTo;
  private final ActorRef<JobIndexProtocol.Command> indexWriter;
  /** Looked up when needed: the index's sharding may start after the jobs'. */
  private final Supplier<? extends RecipientRef<JobIndexProtocol.Command>> index;

  JobOutbox(String jobId, ActorRef<BrokerProtocol.Command> broker, ActorRef<ResultProtocol.Command> resultsTo,
      ActorRef<JobIndexProtocol.Command> indexWriter, Supplier<? extends RecipientRef<JobIndexProtocol.Command>> index) {
    this.jobId = jobId;
    this.broker = broker;
    this.resultsTo = resultsTo;
    this.indexWriter = indexWriter;
    this.index = index;
  }

  /** The job has queued tasks of {@code kinds} for {@code lane}: the broker may lend it credit. */
  void hasWork(Lane lane, Set<TaskKind> kinds) {
    broker.tell(new BrokerProtocol.JobHasWork(jobId, lane, kinds));
  }

  /**
   * The job was cancelled, and has told the lanes in {@code told}: the broker tells every other
   * worker lane (tasks a previous holder of the job sent out may run there).
   */
  void cancelElsewhere(Set<ActorRef<LaneProtocol.Command>> told) {
    broker.tell(new BrokerProtocol.CancelEverywhere(jobId, told));
  }

  /** The job has ended: the broker forgets it. */
  void idle() {
    broker.tell(new BrokerProtocol.JobIdle(jobId));
  }

  /**
   * Tasks for a worker lane, in several messages of at most {@code chunk}: the worker starts on
   * the first while the rest travel, and its results (and freed credit) flow back while it works
   * on the next.
   */
  void assign(ActorRef<LaneProtocol.Command> lane, List<TaskSpec> tasks, int chunk) {
    for (int from = 0; from < tasks.size(); from += chunk) {
      lane.tell(new LaneProtocol.AssignTasks(jobId, tasks.subList(from, Math.min(tasks.size(), from + chunk)), resultsTo));
    }
  }

  /** The answer to a pull that takes no task. */
  TasksPulled pulledNothing(JobProtocol.PullTasks pull) {
    List<GrantUsed> used = new ArrayList<>();
    for (JobProtocol.Grant grant : pull.grants()) {
      used.add(new GrantUsed(grant.laneRef(), grant.max(), 0));
    }
    return new TasksPulled(jobId, pull.lane(), used, 0, Set.of(), pull.pullId());
  }

  /** The index lists the job as ended (again: its end may have reached the index before its listing). */
  void noteEnded(JobLedger ledger) {
    JobProtocol.JobStatus status = ledger.status(lane -> 0);
    indexWriter.tell(new JobIndexProtocol.NoteEnded(jobId, status.state(), status.endedAt(), status.total()));
  }

  /** Listed, but never submitted: the index forgets the job. */
  void unlist() {
    index.get().tell(new JobIndexProtocol.Unlist(jobId));
  }
}
