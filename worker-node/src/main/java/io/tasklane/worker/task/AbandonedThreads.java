package io.tasklane.worker.task;

import java.util.HashMap;
import java.util.Map;

/**
 * Threads of stopped attempts that did not let go within {@code cpu.abandon-after}: the lane
 * gave their slots back, the pool replaced them with spare threads. Past the spare threads,
 * the lane's capacity shrinks by one per abandoned thread until threads return.
 */
final class AbandonedThreads {

  private final int spare;
  private final Map<Long, String> byToken = new HashMap<>();

  AbandonedThreads(int spare) {
    this.spare = spare;
  }

  /** Notes the attempt with {@code token} as abandoned; {@code what} names it in logs. */
  void abandon(long token, String what) {
    byToken.put(token, what);
  }

  /** The attempt with {@code token} returned: what it was, or null if it was not abandoned. */
  String returned(long token) {
    return byToken.remove(token);
  }

  int count() {
    return byToken.size();
  }

  /** Runners the lane cannot use: abandoned threads beyond the spare ones. */
  int lostRunners() {
    return Math.max(0, byToken.size() - spare);
  }
}
