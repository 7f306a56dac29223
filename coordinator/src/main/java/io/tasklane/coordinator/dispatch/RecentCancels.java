package io.tasklane.coordinator.dispatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs the broker was told to cancel everywhere lately, for lanes that register after the
 * cancel. A broker that has just taken over (its coordinator crashed, the singleton moved) knows
 * no lane until each registers again, and a cancel that reaches it meanwhile would miss the
 * lanes still running tasks the crashed coordinator sent them (the job's new holder does not know
 * those lanes). CancelDuringFailoverIT reaches this window only when its timing falls so. A lane
 * told to cancel a job it runs nothing of does nothing.
 *
 * <p>Kept {@link #KEEP_NANOS} (longer than lanes take to register with a new broker) and at most
 * {@link #MAX} jobs, the oldest forgotten first. Plain Java; the broker's own state.
 */
final class RecentCancels {

  /** How long a cancel is told to lanes that register after it. */
  static final long KEEP_NANOS = 120_000_000_000L;
  /** Most cancels remembered. */
  static final int MAX = 1024;

  /** Job id to when the cancel came (System.nanoTime), oldest first. */
  private final LinkedHashMap<String, Long> cancels = new LinkedHashMap<>();

  void add(String jobId, long now) {
    cancels.remove(jobId);
    cancels.put(jobId, now);
    forgetOld(now);
    if (cancels.size() > MAX) {
      Iterator<String> oldest = cancels.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The jobs cancelled within {@link #KEEP_NANOS} of {@code now}, oldest first. */
  List<String> jobs(long now) {
    forgetOld(now);
    return new ArrayList<>(cancels.keySet());
  }

  private void forgetOld(long now) {
    Iterator<Map.Entry<String, Long>> entries = cancels.entrySet().iterator();
    while (entries.hasNext() && now - entries.next().getValue() > KEEP_NANOS) {
      entries.remove();
    }
  }
}
