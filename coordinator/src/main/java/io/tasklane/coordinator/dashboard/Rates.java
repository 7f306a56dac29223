package io.tasklane.coordinator.dashboard;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tasks per second from counters sampled now and then: per key, the counter's growth over the
 * last {@code window} (at least two samples). A counter that went down (a restarted node counts
 * from zero again) starts over. Keys no longer shown are dropped with {@link #retain}, so it
 * stays as small as a page. Not thread-safe: one per dashboard stream.
 */
public final class Rates {

  private record Sample(long at, long count) {}

  private final long windowMillis;
  private final Map<String, ArrayDeque<Sample>> samples = new HashMap<>();

  public Rates(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** Notes {@code count} for {@code key} at {@code nowMillis}; returns its rate per second (0 until known). */
  public double sample(String key, long count, long nowMillis) {
    ArrayDeque<Sample> series = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
    Sample last = series.peekLast();
    if (last != null && (count < last.count() || nowMillis < last.at())) {
      series.clear();
    }
    series.addLast(new Sample(nowMillis, count));
    // keep one sample at or before the window's start, so the rate spans the whole window
    while (series.size() > 2 && secondOldest(series).at() <= nowMillis - windowMillis) {
      series.removeFirst();
    }
    Sample oldest = series.peekFirst();
    long span = nowMillis - oldest.at();
    return span <= 0 ? 0 : (count - oldest.count()) * 1000.0 / span;
  }

  /** Forgets every key but {@code keys}. */
  public void retain(Set<String> keys) {
    samples.keySet().retainAll(keys);
  }

  /** Seconds until {@code remaining} tasks are done at {@code perSecond}; null when unknown. */
  public static Long eta(long remaining, double perSecond) {
    if (remaining <= 0) {
      return 0L;
    }
    return perSecond <= 0 ? null : (long) Math.ceil(remaining / perSecond);
  }

  private static Sample secondOldest(ArrayDeque<Sample> series) {
    var it = series.iterator();
    it.next();
    return it.next();
  }
}
