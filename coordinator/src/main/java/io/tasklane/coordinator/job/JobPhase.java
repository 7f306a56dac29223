package io.tasklane.coordinator.job;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a submitted job is in its life, as its journal decides it. Each change of phase is a
 * row of {@link #NEXT}; {@link JobLedger} refuses any other.
 */
enum JobPhase {
  /** Takes appended tasks; does not end, even with every task ended, until it is closed. */
  OPEN,
  /** Closed (or never open): takes no more tasks, ends once every task has. */
  RUNNING,
  /** Every task ended with a result (the job succeeded or failed). */
  ENDED,
  /** Cancelled: every task without a result ended as cancelled. */
  CANCELLED;

  /** The allowed transitions: from (row) to (any of the row's phases). */
  private static final Map<JobPhase, Set<JobPhase>> NEXT = new EnumMap<>(Map.of(
      //     closed     closed, all ended  cancelled
      OPEN, EnumSet.of(RUNNING, ENDED, CANCELLED),
      //        last result  cancelled
      RUNNING, EnumSet.of(ENDED, CANCELLED),
      ENDED, EnumSet.noneOf(JobPhase.class),
      CANCELLED, EnumSet.noneOf(JobPhase.class)));

  /** The phase a job starts in: open if submitted open, else running (ended if it has no task). */
  static JobPhase first(boolean open, int tasks) {
    return open ? OPEN : tasks == 0 ? ENDED : RUNNING;
  }

  boolean canBecome(JobPhase next) {
    return NEXT.get(this).contains(next);
  }

  /** Ended or cancelled: the job's results are final. */
  boolean isEnded() {
    return this == ENDED || this == CANCELLED;
  }
}
