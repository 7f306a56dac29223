package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.GrantUsed;
import io.tasklane.protocol.dispatch.BrokerProtocol.TasksPulled;
import io.tasklane.protocol.dispatch.JobProtocol.Grant;
import io.tasklane.protocol.dispatch.JobProtocol.KindsWaiting;
import io.tasklane.protocol.dispatch.JobProtocol.LaneLost;
import io.tasklane.protocol.dispatch.JobProtocol.PullTasks;
import io.tasklane.protocol.dispatch.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A live job's side of dispatch: it hands out queued tasks on the broker's grants and queues
 * again the tasks of a lost worker lane. What is in flight is deliberately not journaled: after
 * a recovery every task without a result is queued again.
 */
final class JobDispatch {

  private final String jobId;
  private final JobOutbox out;
  private final JobMetrics metrics;
  /** The actor's logger, asked for when used (that sets the actor's logging context). */
  private final Supplier<Logger> log;
  private final long maxBatchBytes;
  private final int messageTasks;

  JobDispatch(String jobId, JobOutbox out, JobMetrics metrics, Supplier<Logger> log, long maxBatchBytes,
      int messageTasks) {
    this.jobId = jobId;
    this.out = out;
    this.metrics = metrics;
    this.log = log;
    this.maxBatchBytes = maxBatchBytes;
    this.messageTasks = messageTasks;
  }

  /** Sends each grant's worker lane what it may take, and tells the broker what was used. */
  void pull(JobLedger ledger, JobRuntime runtime, PullTasks pull) {
    Dispenser dispenser = runtime.dispenser;
    List<GrantUsed> used = new ArrayList<>(pull.grants().size());
    for (Grant grant : pull.grants()) {
      String owner = owner(grant.worker(), pull.lane());
      var tasks = dispenser.take(pull.lane(), grant.kinds(), grant.max(), maxBatchBytes, owner);
      if (!tasks.isEmpty()) {
        runtime.lanes.put(owner, grant.laneRef());
        out.assign(grant.laneRef(), tasks, messageTasks);
        metrics.dispatched(pull.lane(), tasks, ledger.templates());
      }
      used.add(new GrantUsed(grant.laneRef(), grant.max(), tasks.size()));
    }
    Set<TaskKind> kinds = dispenser.kindsQueued(pull.lane());
    int queued = kinds.isEmpty() ? 0 : Math.max(0, dispenser.queued(pull.lane()));
    pull.broker().tell(new TasksPulled(jobId, pull.lane(), used, queued, kinds, pull.pullId()));
  }

  /** A worker lane is gone: what it had in flight is queued again, and the broker told. */
  void laneLost(JobRuntime runtime, LaneLost lost) {
    int requeued = runtime.dispenser.requeue(owner(lost.worker(), lost.lane()), lost.lane());
    if (requeued > 0) {
      log.get().warn("Job {}: {} tasks in flight on lost worker {} queued again", jobId, requeued, lost.worker());
      runtime.dispenser.work().forEach(out::hasWork);
    }
  }

  /** The broker says which of the job's queued kinds no worker lane takes now (for its status). */
  void kindsWaiting(JobRuntime runtime, KindsWaiting waiting) {
    if (!waiting.kinds().equals(runtime.waiting)) {
      if (waiting.kinds().isEmpty()) {
        log.get().info("Job {}: its tasks no longer wait for a worker that offers their type", jobId);
      } else {
        log.get().warn("Job {}: tasks of {} wait for a worker that offers their type", jobId, waiting.kinds());
      }
    }
    runtime.waiting = waiting.kinds();
  }

  private static String owner(String worker, Lane lane) {
    return worker + '/' + lane.wireName();
  }
}
