package io.tasklane.coordinator.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of result pages that this node's result streams ({@code GET /api/jobs/{id}/results},
 * followed or not) hold at once, bounded: a stream takes room for a page before it asks the job
 * for one and gives it back once the page has gone on to the connection (or the stream ended).
 * A stream that finds no room waits and tries again, so a crowd of slow or stalled readers holds
 * at most the budget, not a page each; stalled ones are closed after results-streams.stall-timeout.
 */
final class PageBudget {

  private final long capacity;
  private final AtomicLong free;

  PageBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("a page budget must be more than 0 bytes, not " + capacity);
    }
    this.capacity = capacity;
    this.free = new AtomicLong(capacity);
  }

  /** Takes {@code bytes} if there is room for them (any size when nothing is taken, so a page larger than the budget still goes). */
  boolean tryTake(long bytes) {
    while (true) {
      long now = free.get();
      if (now < bytes && now < capacity) {
        return false;
      }
      if (free.compareAndSet(now, now - bytes)) {
        return true;
      }
    }
  }

  /** Takes {@code bytes} whether or not there is room: a page that came larger than the room taken for it. */
  void takeAnyway(long bytes) {
    free.addAndGet(-bytes);
  }

  void give(long bytes) {
    free.addAndGet(bytes);
  }

  /** Bytes held now. */
  long held() {
    return capacity - free.get();
  }

  /** One stream's share: what it holds, given back once when the stream ends, whatever comes after. */
  Lease lease() {
    return new Lease();
  }

  final class Lease {
    private long held;
    private boolean ended;

    /** Room for the next page: gives back the last one's first (it has gone on), then takes {@code bytes}. */
    synchronized boolean next(long bytes) {
      give(held);
      held = 0;
      if (ended || !tryTake(bytes)) {
        return false;
      }
      held = bytes;
      return true;
    }

    /** The page came with {@code bytes}: holds that much instead of what was taken for it. */
    synchronized void resize(long bytes) {
      if (ended) {
        return;
      }
      if (bytes > held) {
        takeAnyway(bytes - held);
      } else {
        give(held - bytes);
      }
      held = bytes;
    }

    /** The stream ended: everything back, and nothing taken after. */
    synchronized void end() {
      ended = true;
      give(held);
      held = 0;
    }
  }
}
