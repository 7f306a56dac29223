package io.tasklane.worker.auto;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calling platform thread's clocks for one run: CPU time, and (on Linux) time spent runnable
 * but waiting for a core. The latter is taken off the wall time: on a busy machine, or with the
 * CPU lane's lowered priority, a computing run waits for a core a lot, and that is not the
 * waiting {@code lane: auto} is about (a sleep, a socket). Elsewhere the JVM's thread CPU clock
 * and the plain wall time.
 */
final class RunClock {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** {@code cpu-ns runqueue-wait-ns timeslices} of the current thread (Linux 3.17+). */
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
  private static final boolean SCHEDSTAT_READABLE = read() != null;

  /** One reading: CPU time, runqueue wait (0 when unknown), wall time; cpu < 0 when unknown. */
  record Reading(long cpu, long queued, long wall) {}

  private RunClock() {}

  static boolean supported() {
    return SCHEDSTAT_READABLE || THREADS.isCurrentThreadCpuTimeSupported();
  }

  static Reading now() {
    long wall = System.nanoTime();
    if (SCHEDSTAT_READABLE && !Thread.currentThread().isVirtual()) {
      long[] stat = read();
      if (stat != null) {
        return new Reading(stat[0], stat[1], wall);
      }
    }
    return new Reading(THREADS.getCurrentThreadCpuTime(), 0, wall);
  }

  /**
   * The current thread's CPU time alone (-1 when unknown): a clock call, no file read, for
   * measurements taken on every task on a lane's own thread.
   */
  static long cpuNow() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Reports the run since {@code start} to {@code meter} as (CPU, wall less runqueue wait), if both readings are known. */
  static void since(Reading start, Sink meter) {
    Reading end = now();
    if (start.cpu() < 0 || end.cpu() < 0) {
      return;
    }
    long wall = end.wall() - start.wall() - Math.max(0, end.queued() - start.queued());
    meter.run(end.cpu() - start.cpu(), Math.max(1, wall));
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
