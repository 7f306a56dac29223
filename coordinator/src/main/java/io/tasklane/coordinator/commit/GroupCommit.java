package io.tasklane.coordinator.commit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Group commit as plain Java: one write at a time; what arrives while a write is in flight
 * waits, and goes as the next write. A group takes the waiting items in arrival order, at most
 * {@code maxItems} of them and {@code maxBytes} by their {@code size}, but always at least one
 * (an item over the budget goes alone). The owner (an actor) performs the writes and tells the
 * outcome with {@link #written} or {@link #failed}; each answers the next group to write.
 *
 * <p>Not thread-safe: one actor owns it. What waits here is bounded by the owner's senders
 * (each says what bounds them); the group is bounded by the budget.
 */
public final class GroupCommit<T> {

  private final int maxItems;
  private final long maxBytes;
  private final ToLongFunction<? super T> size;
  private final ArrayDeque<T> waiting = new ArrayDeque<>();
  private boolean inFlight;

  public GroupCommit(int maxItems, long maxBytes, ToLongFunction<? super T> size) {
    if (maxItems < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a group needs room for one item, not " + maxItems + " items / " + maxBytes + " bytes");
    }
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.size = size;
  }

  /** Queues an item; answers the group to write now, or an empty list while a write is in flight. */
  public List<T> add(T item) {
    waiting.addLast(item);
    return inFlight ? List.of() : next();
  }

  /** The write in flight is done; answers the next group (empty: nothing waits). */
  public List<T> written() {
    inFlight = false;
    return next();
  }

  /**
   * The write in flight failed: {@code again} (those of its items that are to be written
   * again, in their order) go first; answers the next group.
   */
  public List<T> failed(List<T> again) {
    inFlight = false;
    for (int i = again.size() - 1; i >= 0; i--) {
      waiting.addFirst(again.get(i));
    }
    return next();
  }

  /** True when no write is in flight and nothing waits: the owner may forget this instance. */
  public boolean isIdle() {
    return !inFlight && waiting.isEmpty();
  }

  private List<T> next() {
    if (waiting.isEmpty()) {
      return List.of();
    }
    List<T> group = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty() && group.size() < maxItems) {
      long itemBytes = size.applyAsLong(waiting.peekFirst());
      if (!group.isEmpty() && bytes + itemBytes > maxBytes) {
        break;
      }
      bytes += itemBytes;
      group.add(waiting.pollFirst());
    }
    inFlight = true;
    return List.copyOf(group);
  }
}
