package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import io.tasklane.protocol.task.TaskStatus;

/** Per lane of one job: how many tasks it has, and how many ended, by status. */
final class LaneTally {

  private static final int LANES = Lane.values().length;
  private static final int STATUSES = TaskStatus.values().length;

  private final int[] total = new int[LANES];
  /** Ended tasks, {@code [lane * STATUSES + status]}. */
  private final int[] ended = new int[LANES * STATUSES];

  void added(Lane lane, int tasks) {
    total[lane.ordinal()] += tasks;
  }

  /** A task not ended yet is counted in {@code to} from now on (an auto task sent there). */
  void move(Lane from, Lane to) {
    total[from.ordinal()]--;
    total[to.ordinal()]++;
  }

  void end(Lane lane, TaskStatus status) {
    ended[lane.ordinal() * STATUSES + status.ordinal()]++;
  }

  /** Every task of every lane that has not ended is cancelled. */
  void cancelRest() {
    for (Lane lane : Lane.values()) {
      ended[lane.ordinal() * STATUSES + TaskStatus.CANCELLED.ordinal()] += total[lane.ordinal()] - ended(lane);
    }
  }

  int total(Lane lane) {
    return total[lane.ordinal()];
  }

  int ended(Lane lane) {
    int sum = 0;
    for (int s = 0; s < STATUSES; s++) {
      sum += ended[lane.ordinal() * STATUSES + s];
    }
    return sum;
  }

  int ended(Lane lane, TaskStatus status) {
    return ended[lane.ordinal() * STATUSES + status.ordinal()];
  }

  /** True when every task of every lane succeeded. */
  boolean allSucceeded() {
    for (Lane lane : Lane.values()) {
      if (ended(lane, TaskStatus.SUCCEEDED) != total(lane)) {
        return false;
      }
    }
    return true;
  }

  /** The lane's counts for a status, with {@code running} of its tasks in flight. */
  LaneCounts counts(Lane lane, int running) {
    return new LaneCounts(total(lane), total(lane) - running - ended(lane), running,
        ended(lane, TaskStatus.SUCCEEDED), ended(lane, TaskStatus.FAILED),
        ended(lane, TaskStatus.TIMED_OUT), ended(lane, TaskStatus.CANCELLED));
  }
}
