package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.TaskKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a job holds only in memory, beside its {@link JobLedger}: what is queued and in flight
 * (the {@link Dispenser}), the requests waiting in it, and the worker lanes it sent tasks to
 * (to tell them of a cancel). Built when the job is submitted or recovered: a recovered job
 * queues every task without a result again, and the requests that waited before are gone.
 */
final class JobRuntime {

  final Dispenser dispenser;
  final Waiters waiters;
  /** Worker lanes that were sent tasks, by owner name (at most one per worker lane). */
  final Map<String, ActorRef<LaneProtocol.Command>> lanes = new HashMap<>();
  /** Queued kinds no worker lane takes now, as the broker last said (for the status). */
  Set<TaskKind> waiting = Set.of();

  JobRuntime(JobLedger ledger, int maxUnrecorded, int maxWaiters) {
    this.dispenser = new Dispenser(ledger, maxUnrecorded);
    this.waiters = new Waiters(maxWaiters);
  }
}
