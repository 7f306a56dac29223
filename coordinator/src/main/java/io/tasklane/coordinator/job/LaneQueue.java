package io.tasklane.coordinator.job;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The queued tasks of one lane of one job, without materializing them: a cursor over the
 * index ranges of the lane's templates, plus the tasks handed back by lost workers. The
 * requeue deque only ever holds tasks that were in flight, so it is bounded by the credit
 * workers had offered.
 */
final class LaneQueue {

  private int[] rangeStart = new int[1];
  private int[] rangeEnd = new int[1];
  private int ranges;
  private final ArrayDeque<Integer> requeued = new ArrayDeque<>();
  private int range;
  private int cursor;

  /**
   * Tasks {@code start} … {@code end - 1} (one template) join the lane, after every range it
   * has: an open job's appended tasks queue behind the ones it already has.
   */
  void add(int start, int end) {
    if (ranges == rangeStart.length) {
      rangeStart = Arrays.copyOf(rangeStart, ranges * 2);
      rangeEnd = Arrays.copyOf(rangeEnd, ranges * 2);
    }
    rangeStart[ranges] = start;
    rangeEnd[ranges] = end;
    if (range == ranges) {
      cursor = start;
    }
    ranges++;
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
    while (range < ranges) {
      if (cursor < rangeEnd[range]) {
        int index = ended.nextClearBit(cursor);
        if (index < rangeEnd[range]) {
          cursor = index + 1;
          return index;
        }
        cursor = rangeEnd[range];
      }
      range++;
      if (range < ranges) {
        cursor = rangeStart[range];
      }
    }
    return -1;
  }

  /** True when {@link #next} may still find a task (it may find none after all). */
  boolean mayHaveMore() {
    return !requeued.isEmpty() || range < ranges;
  }

  /** How many tasks {@link #next} would still return (counted: for a status, not a hot path). */
  int remaining(BitSet ended) {
    int count = 0;
    for (int index : requeued) {
      count += ended.get(index) ? 0 : 1;
    }
    for (int r = range; r < ranges; r++) {
      int from = r == range ? cursor : rangeStart[r];
      if (from < rangeEnd[r]) {
        count += rangeEnd[r] - from - ended.get(from, rangeEnd[r]).cardinality();
      }
    }
    return count;
  }

  void clear() {
    requeued.clear();
    range = ranges;
  }
}
