package io.tasklane.coordinator.job;

import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which tasks of a job have ended, in what order, and their results (packed in a
 * {@link ResultStore}). A task ends once: its first result is kept, later ones are dropped.
 */
final class ResultLog {

  private final BitSet ended = new BitSet();
  private final BitSet succeeded = new BitSet();
  /** Scratch for {@link #firstOf}: tasks seen in the group being filtered. Left empty after. */
  private final BitSet seen = new BitSet();
  private final ResultStore store;
  /** Ended tasks in the order they ended (the first {@code endedCount}): followers read it. */
  private int[] endOrder;
  private int endedCount;

  ResultLog(int tasks) {
    store = new ResultStore(tasks);
    // sized to the job: grown by doubling, a large job's order would be copied over and over
    // (and briefly held twice) while its results come in
    endOrder = new int[Math.max(16, tasks)];
  }

  /** About the bytes the job's results hold in memory. */
  long bytes() {
    return store.bytes() + 4L * endOrder.length + (ended.size() + succeeded.size() + seen.size()) / 8;
  }

  /** Room for tasks {@code 0 … tasks - 1} (an open job grows). */
  void grow(int tasks) {
    store.grow(tasks);
  }

  /**
   * Records outcome {@code i} of {@code outcomes} unless its task ended before; returns whether
   * it did.
   */
  boolean record(RecordedOutcomes outcomes, int i, String worker) {
    int index = outcomes.index(i);
    if (ended.get(index)) {
      return false;
    }
    ended.set(index);
    if (outcomes.status(i) == TaskStatus.SUCCEEDED) {
      succeeded.set(index);
    }
    noteEnded(index);
    store.put(index, outcomes.status(i), outcomes.output(i), outcomes.error(i), outcomes.attempts(i),
        worker, outcomes.thread(i));
    return true;
  }

  /** Tasks {@code 0 … total - 1} that have not ended end now, without a stored result. */
  void endRest(int total) {
    for (int index = ended.nextClearBit(0); index < total; index = ended.nextClearBit(index + 1)) {
      noteEnded(index);
    }
    ended.set(0, total);
  }

  /**
   * The outcomes among {@code outcomes} that would be recorded: tasks {@code 0 … total - 1} not
   * ended and not seen before in this group; null when none. Call {@link #endGroup} with what it
   * returned after the group's last batch.
   */
  RecordedOutcomes firstOf(List<TaskOutcome> outcomes, int total) {
    RecordedOutcomes first = null;
    for (TaskOutcome outcome : outcomes) {
      int index = outcome.index();
      if (index >= 0 && index < total && !ended.get(index) && !seen.get(index)) {
        seen.set(index);
        if (first == null) {
          first = new RecordedOutcomes(outcomes.size());
        }
        first.add(outcome);
      }
    }
    return first;
  }

  /** Forgets the group {@link #firstOf} filtered (clearing only its tasks' bits: a job may be large). */
  void endGroup(List<RecordedOutcomes> group) {
    for (RecordedOutcomes outcomes : group) {
      for (int i = 0; i < outcomes.size(); i++) {
        seen.clear(outcomes.index(i));
      }
    }
  }

  /** Forgets every group (after a failure half way through one). */
  void endGroups() {
    seen.clear();
  }

  boolean isEnded(int index) {
    return ended.get(index);
  }

  /** The ended tasks, for the lane queues' cursors; do not modify. */
  BitSet ended() {
    return ended;
  }

  /** The first ended task from {@code from} on, or -1. */
  int nextEnded(int from) {
    return ended.nextSetBit(from);
  }

  /** How many of tasks {@code from} … {@code to - 1} have not ended. */
  int notEnded(int from, int to) {
    int count = 0;
    for (int index = ended.nextClearBit(from); index < to; index = ended.nextClearBit(index + 1)) {
      count++;
    }
    return count;
  }

  boolean succeeded(int index) {
    return succeeded.get(index);
  }

  /** How many tasks have ended. */
  int endedCount() {
    return endedCount;
  }

  /** The task that ended {@code position}-th. */
  int endedAt(int position) {
    return endOrder[position];
  }

  /** True when task {@code index} has a stored result (a task cancelled before it ran has none). */
  boolean hasResult(int index) {
    return store.has(index);
  }

  /** Task {@code index}'s stored fields as they appear in its result line. */
  void writeFields(int index, ResultLines out) {
    store.writeFields(index, out);
  }

  private void noteEnded(int index) {
    if (endedCount == endOrder.length) {
      endOrder = Arrays.copyOf(endOrder, (int) Math.min(Integer.MAX_VALUE - 8, endOrder.length * 2L));
    }
    endOrder[endedCount++] = index;
  }
}
