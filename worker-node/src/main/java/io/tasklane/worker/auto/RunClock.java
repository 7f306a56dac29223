package io.tasklane.worker.auto;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The calling platform thread's clocks for one run: CPU time, and (on Linux) time spent runnable
 * but waiting for a core. The latter is taken off the wall time: on a busy machine, or with the
 * CPU lane's lowered priority, a computing run waits for a core a lot, and that is not the
 * waiting {@code lane: auto} is about (a sleep, a socket). So are the JVM's garbage-collection
 * pauses (every thread stops; a hashing type that allocates a lot measured 10-50 ms of them
 * against 10-15 ms of CPU per run on a busy machine). Elsewhere the JVM's thread CPU clock and
 * the plain wall time less the pauses.
 *
 * <p>CPU time is the JVM's thread CPU clock, exact, not the first field of schedstat: the kernel
 * brings that up to date only at a tick or a switch, up to a tick (4-10 ms) behind, as much as a
 * short run's whole CPU time.
 */
final class RunClock {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** {@code cpu-ns runqueue-wait-ns timeslices} of the current thread (Linux 3.17+). */
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
  private static final boolean SCHEDSTAT_READABLE = read() != null;

  /** Collectors whose time is stop-the-world pauses (not the concurrent cycles of G1 or ZGC). */
  private static final List<GarbageCollectorMXBean> PAUSES = ManagementFactory.getGarbageCollectorMXBeans().stream()
      .filter(gc -> !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
      .toList();

  /** One reading: CPU time, runqueue wait (0 when unknown), GC pauses, wall time; cpu < 0 when unknown. */
  record Reading(long cpu, long queued, long paused, long wall) {}

  private RunClock() {}

  static boolean supported() {
    return SCHEDSTAT_READABLE || THREADS.isCurrentThreadCpuTimeSupported();
  }

  static Reading now() {
    long wall = System.nanoTime();
    long paused = pausedNanos();
    long queued = 0;
    long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    if (SCHEDSTAT_READABLE && !Thread.currentThread().isVirtual()) {
      long[] stat = read();
      if (stat != null) {
        queued = stat[1];
        cpu = cpu < 0 ? stat[0] : cpu;
      }
    }
    return new Reading(cpu, queued, paused, wall);
  }

  /** The JVM's stop-the-world collection time so far (millisecond resolution). */
  private static long pausedNanos() {
    long millis = 0;
    for (GarbageCollectorMXBean gc : PAUSES) {
      millis += Math.max(0, gc.getCollectionTime());
    }
    return millis * 1_000_000;
  }

  /**
   * The current thread's CPU time alone (-1 when unknown): a clock call, no file read, for
   * measurements taken on every task on a lane's own thread.
   */
  static long cpuNow() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /**
   * Reports the run since {@code start} to {@code meter} as (CPU, wall less runqueue wait and GC
   * pauses, never less than the CPU: a pause that began before the run counts whole at its end),
   * if both readings are known.
   */
  static void since(Reading start, Sink meter) {
    Reading end = now();
    if (start.cpu() < 0 || end.cpu() < 0) {
      return;
    }
    long cpu = end.cpu() - start.cpu();
    long wall = Math.max(cpu, end.wall() - start.wall() - Math.max(0, end.queued() - start.queued())
        - Math.max(0, end.paused() - start.paused()));
    meter.run(cpu, Math.max(1, wall));
  }

  @FunctionalInterface
  interface Sink {
    void run(long cpuNanos, long wallNanos);
  }

  private static long[] read() {
    try {
      String[] fields = Files.readString(SCHEDSTAT, StandardCharsets.US_ASCII).trim().split(" ");
      return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }
}
