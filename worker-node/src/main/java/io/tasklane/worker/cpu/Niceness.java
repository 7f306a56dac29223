package io.tasklane.worker.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the OS scheduling priority (raises the nice value) of the calling thread, on Linux.
 * CPU-lane runners use it so that on a machine whose cores they saturate, the I/O lane and the
 * coordinator (normal priority) are scheduled first when they wake: I/O latency does not grow
 * while the CPU lane is busy. Best effort: elsewhere, or if it fails, nothing changes.
 */
final class Niceness {

  private static final Logger LOG = LoggerFactory.getLogger(Niceness.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final Path RENICE = Path.of("/usr/bin/renice");

  private Niceness() {}

  /** Runs on a CPU-lane thread as it starts (not an actor thread: a short wait is fine). */
  static void lowerCurrentThread(int nice) {
    if (nice <= 0 || !Files.isSymbolicLink(THREAD_SELF) || !Files.isExecutable(RENICE)) {
      return;
    }
    try {
      // /proc/thread-self -> <pid>/task/<tid>
      String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process renice = new ProcessBuilder(RENICE.toString(), "-n", Integer.toString(nice), "-p", tid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        renice.destroy();
        LOG.debug("renice of CPU-lane thread {} did not succeed", tid);
      }
    } catch (IOException e) {
      LOG.debug("cannot lower the CPU-lane thread's priority: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
