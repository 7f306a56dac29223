package io.tasklane.worker.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How CPU-lane runner threads are scheduled by the OS (Linux), so that on a machine whose cores
 * they saturate, the I/O lane and the coordinator run first when they wake: I/O latency does
 * not grow while the CPU lane is busy.
 *
 * <ul>
 *   <li>{@code nice} (the default): the nice value {@code tasklane.worker.cpu.nice}: a waking
 *       normal thread is preferred, and CPU tasks still get a share of a contended core.
 *   <li>{@code idle}: SCHED_IDLE. A waking I/O or actor thread takes the core at once, but the
 *       runners get no core at all while other processes keep every core busy (their tasks
 *       then time out): only for machines given to Tasklane. Falls back to {@code nice}.
 *   <li>{@code normal}: left as is.
 * </ul>
 *
 * Best effort: elsewhere, or when the tools are missing or refuse, nothing changes.
 */
public enum ThreadPriority {
  IDLE,
  NICE,
  NORMAL;

  private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final Path CHRT = Path.of("/usr/bin/chrt");
  private static final Path RENICE = Path.of("/usr/bin/renice");

  /** Reads a configured value; throws IllegalArgumentException naming the allowed ones. */
  public static ThreadPriority parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tasklane.worker.cpu.priority must be idle, nice or normal, not '" + value + "'", e);
    }
  }

  /** Applies this priority to the calling thread (a CPU-lane thread as it starts, not an actor thread). */
  void applyToCurrentThread(int nice, Duration toolTimeout) {
    if (this == NORMAL || !Files.isSymbolicLink(THREAD_SELF)) {
      return;
    }
    String tid;
    try {
      // /proc/thread-self -> <pid>/task/<tid>
      tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
    } catch (IOException e) {
      LOG.debug("cannot find the CPU-lane thread's id: {}", e.toString());
      return;
    }
    if (this == IDLE && run(CHRT, List.of("--idle", "-p", "0", tid), toolTimeout)) {
      return;
    }
    if (nice > 0) {
      run(RENICE, List.of("-n", Integer.toString(nice), "-p", tid), toolTimeout);
    }
  }

  private static boolean run(Path tool, List<String> args, Duration timeout) {
    if (!Files.isExecutable(tool)) {
      return false;
    }
    try {
      List<String> command = new java.util.ArrayList<>(args.size() + 1);
      command.add(tool.toString());
      command.addAll(args);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0) {
        return true;
      }
      process.destroy();
      LOG.debug("{} {} did not succeed", tool, args);
    } catch (IOException e) {
      LOG.debug("cannot run {}: {}", tool, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
