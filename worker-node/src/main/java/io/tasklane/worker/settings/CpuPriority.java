package io.tasklane.worker.settings;

import java.util.Locale;

/**
 * {@code tasklane.worker.cpu.priority}: how the OS schedules CPU-lane runner threads (applied by
 * {@code io.tasklane.worker.cpu.ThreadPriority}).
 *
 * <ul>
 *   <li>{@code yield} : as {@code idle} while the runners get the cores other
 *       threads leave them, as {@code nice} once they have starved (they waited for a core longer
 *       than they ran over {@code starved-window}), for at least {@code starved-hold}. Where the
 *       runners cannot have a cgroup with {@code cpu.idle}: as {@code nice}.
 *   <li>{@code nice} (the default): the nice value {@code tasklane.worker.cpu.nice}: a waking
 *       normal thread is preferred, and CPU tasks still get a share of a contended core.
 *   <li>{@code idle}: SCHED_IDLE. A waking I/O or actor thread takes the core at once, but the
 *       runners get no core at all while other processes keep every core busy (their tasks
 *       then time out): only for machines given to Tasklane. Falls back to {@code nice}.
 *   <li>{@code normal}: left as is.
 * </ul>
 */
public enum CpuPriority {
  YIELD,
  IDLE,
  NICE,
  NORMAL;

  /** Reads a configured value; throws IllegalArgumentException naming the allowed ones. */
  public static CpuPriority parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tasklane.worker.cpu.priority must be yield, idle, nice or normal, not '" + value + "'", e);
    }
  }
}
