package io.tasklane.worker.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Priority {@code yield}: keeps the runners' cgroup idle ({@code cpu.idle = 1}: a waking thread of
 * any other group takes the core at once, so the I/O lane, Artery, the coordinator and the clients
 * never wait behind a CPU task) as long as the runners get the cores the others leave; gives it
 * the nice share ({@code cpu.idle = 0}, {@code cpu.shares} of the nice value) once they have
 * starved, so that CPU tasks still progress on a machine that other processes keep busy.
 *
 * <p>Every window it reads each runner thread's time on a core and time runnable but waiting for
 * one ({@code /proc/self/task/TID/schedstat}). Starved = over the window the runners waited longer
 * than they ran, and more than half the window. Once starved, the group keeps the share for at
 * least {@code hold}, and for as long as they are still starved; then it is idle again. A
 * single daemon thread does the reading and writing, never an actor's.
 */
final class StarvationGuard {

  private static final Logger LOG = LoggerFactory.getLogger(StarvationGuard.class);

  private final Path group;
  private final int shares;
  private final long windowNanos;
  private final long holdNanos;
  private final Function<String, long[]> schedstat;
  private final LongSupplier nanoTime;
  /** Per thread id: run and wait nanoseconds at the last reading. */
  private final Map<String, long[]> last = new HashMap<>();
  private boolean idle = true;
  private long shareUntil;

  /**
   * @param group the runners' cgroup directory (its {@code tasks}, {@code cpu.idle}, {@code cpu.shares})
   * @param schedstat a thread id's {run, wait} nanoseconds, or null once the thread is gone
   */
  StarvationGuard(Path group, int shares, Duration window, Duration hold, Function<String, long[]> schedstat,
      LongSupplier nanoTime) {
    this.group = group;
    this.shares = shares;
    this.windowNanos = window.toNanos();
    this.holdNanos = hold.toNanos();
    this.schedstat = schedstat;
    this.nanoTime = nanoTime;
  }

  /** Starts the guard's thread for this process's runners (a daemon: it ends with the JVM). */
  static StarvationGuard start(Path group, int shares, Duration window, Duration hold) {
    StarvationGuard guard = new StarvationGuard(group, shares, window, hold, StarvationGuard::ownThread, System::nanoTime);
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread daemon = new Thread(task, "tasklane-cpu-lane-guard");
      daemon.setDaemon(true);
      return daemon;
    });
    thread.scheduleWithFixedDelay(guard::check, window.toNanos(), window.toNanos(), TimeUnit.NANOSECONDS);
    return guard;
  }

  /** Whether the runners' group is idle now (false: the nice share, after they starved). */
  synchronized boolean idle() {
    return idle;
  }

  /** One window's reading and, where it changes, the group's setting. Never throws. */
  synchronized void check() {
    try {
      long[] window = readWindow();
      long now = nanoTime.getAsLong();
      boolean starved = starved(window[0], window[1], windowNanos);
      if (idle && starved) {
        write(false);
        shareUntil = now + holdNanos;
        LOG.info("CPU lane runners starved (over the last {} ms they waited {} ms for a core and ran {} ms): they get "
            + "the nice share (cpu.shares = {}) for at least {} s", windowNanos / 1_000_000, window[1] / 1_000_000,
            window[0] / 1_000_000, shares, holdNanos / 1_000_000_000);
      } else if (!idle && starved) {
        shareUntil = now + holdNanos;
      } else if (!idle && now - shareUntil >= 0) {
        write(true);
        LOG.info("CPU lane runners no longer starved: their group is idle again (a waking thread takes the core at once)");
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("CPU lane guard could not read or set {}: {}", group, e.toString());
    }
  }

  /** Starved: waited longer than they ran, and more than half the window. */
  static boolean starved(long runNanos, long waitNanos, long windowNanos) {
    return waitNanos > runNanos && waitNanos > windowNanos / 2;
  }

  /** The runners' {run, wait} nanoseconds since the last reading (threads gone are forgotten). */
  private long[] readWindow() throws IOException {
    List<String> tids = Files.readAllLines(group.resolve("tasks"), StandardCharsets.US_ASCII);
    Map<String, long[]> now = new HashMap<>();
    long run = 0;
    long wait = 0;
    for (String line : tids) {
      String tid = line.trim();
      long[] stat = tid.isEmpty() ? null : schedstat.apply(tid);
      if (stat == null) {
        continue;
      }
      long[] before = last.getOrDefault(tid, new long[] {0, 0});
      run += stat[0] - before[0];
      wait += stat[1] - before[1];
      now.put(tid, stat);
    }
    last.clear();
    last.putAll(now);
    return new long[] {run, wait};
  }

  private void write(boolean toIdle) throws IOException {
    if (!toIdle) {
      Files.writeString(group.resolve("cpu.idle"), "0", StandardCharsets.US_ASCII);
      Files.writeString(group.resolve("cpu.shares"), Integer.toString(shares), StandardCharsets.US_ASCII);
    } else {
      Files.writeString(group.resolve("cpu.idle"), "1", StandardCharsets.US_ASCII);
    }
    idle = toIdle;
  }

  /** {run, wait} nanoseconds of one of this process's threads, from /proc; null once it is gone. */
  static long[] ownThread(String tid) {
    try {
      String[] fields = Files.readString(Path.of("/proc/self/task", tid, "schedstat"), StandardCharsets.US_ASCII)
          .trim().split("\\s+");
      return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }
}
