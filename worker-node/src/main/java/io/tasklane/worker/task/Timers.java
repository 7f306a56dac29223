package io.tasklane.worker.task;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The node's timers for task delays ({@code TaskContext.delay}, the {@code sleep} type): one
 * daemon thread holds every pending delay, however many tasks wait, and fires each within a
 * fraction of a millisecond (the actor scheduler ticks every 10 ms, which a 50 ms sleep would
 * feel). A cancelled delay is removed at once.
 */
final class Timers {

  private static final ScheduledThreadPoolExecutor TIMERS = create();

  private Timers() {}

  /** Runs {@code action} on the timer thread after {@code nanos}; it must be quick. */
  static ScheduledFuture<?> after(long nanos, Runnable action) {
    return TIMERS.schedule(action, nanos, TimeUnit.NANOSECONDS);
  }

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "tasklane-task-timers");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }
}
