package io.tasklane.coordinator.job;

import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * The queued tasks of one lane of one job, without materializing them: a cursor over the
 * index ranges of the lane's templates, plus the tasks handed back by lost workers. The
 * requeue deque only ever holds tasks that were in flight, so it is bounded by the credit
 * workers had offered.
 */
final class LaneQueue {

  private final int[] rangeStart;
  private final int[] rangeEnd;
  private final ArrayDeque<Integer> requeued = new ArrayDeque<>();
  private int range;
  private int cursor;

  /** {@code starts[k]}…{@code ends[k] - 1} are the indexes of the k-th template in this lane. */
  LaneQueue(int[] starts, int[] ends) {
    this.rangeStart = starts.clone();
    this.rangeEnd = ends.clone();
    this.cursor = starts.length == 0 ? 0 : starts[0];
  }

  /** Back to the start (after recovery every task not ended is queued again). */
  void rewind() {
    requeued.clear();
    range = 0;
    cursor = rangeStart.length == 0 ? 0 : rangeStart[0];
  }

  void requeue(int index) {
    requeued.addLast(index);
  }

  /** The next task index not yet ended, or -1 when nothing is queued. */
  int next(BitSet ended) {
    while (!requeued.isEmpty()) {
      int index = requeued.pollFirst();
      if (!ended.get(index)) {
        return index;
      }
    }
    while (range < rangeStart.length) {
      if (cursor < rangeEnd[range]) {
        int index = ended.nextClearBit(cursor);
        if (index < rangeEnd[range]) {
          cursor = index + 1;
          return index;
        }
        cursor = rangeEnd[range];
      }
      range++;
      if (range < rangeStart.length) {
        cursor = rangeStart[range];
      }
    }
    return -1;
  }

  /** True when {@link #next} may still find a task (it may find none after all). */
  boolean mayHaveMore() {
    return !requeued.isEmpty() || range < rangeStart.length;
  }

  void clear() {
    requeued.clear();
    range = rangeStart.length;
  }
}
