package io.tasklane.worker.cpu;

import io.tasklane.worker.settings.CpuPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link CpuPriority} to CPU-lane runner threads (Linux), so that on a machine whose
 * cores they saturate, the I/O lane and the coordinator run first when they wake: I/O latency
 * does not grow while the CPU lane is busy. Best effort: elsewhere, or when the tools are
 * missing or refuse, nothing changes.
 */
final class ThreadPriority {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final Path CHRT = Path.of("/usr/bin/chrt");
  private static final Path RENICE = Path.of("/usr/bin/renice");

  private ThreadPriority() {}

  /**
   * Applies {@code priority} to the calling thread (a CPU-lane thread as it starts, not an actor
   * thread): into the runners' {@code cgroup} where there is one, else SCHED_IDLE or its nice value.
   */
  static void applyToCurrentThread(CpuPriority priority, int nice, Duration toolTimeout, Optional<RunnerCgroup> cgroup) {
    if (priority == CpuPriority.NORMAL || !Files.isSymbolicLink(THREAD_SELF)) {
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
    if (cgroup.isPresent() && cgroup.get().joinCurrentThread(tid)) {
      return;
    }
    if (priority == CpuPriority.IDLE && run(CHRT, List.of("--idle", "-p", "0", tid), toolTimeout)) {
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
