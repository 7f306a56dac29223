package io.tasklane.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finding and stopping node processes by pid, never a process that is not a Tasklane node. */
public final class NodeProcesses {

  /**
   * The main class every node runs (the distribution's; deploy checks it is): a live pid without it in
   * its command line was reused.
   */
  public static final String MAIN_CLASS = "io.tasklane.TasklaneMain";

  private NodeProcesses() {
  }

  /** The node's process, if it is alive and (as far as the OS tells) a Tasklane node. */
  static Optional<ProcessHandle> find(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine()
            .map(line -> line.contains(MAIN_CLASS))
            .orElse(true));
  }

  static boolean alive(long pid) {
    return find(pid).isPresent();
  }

  /**
   * SIGTERM to each, waits up to {@code grace} for all, then SIGKILL to the rest.
   * Returns how many had to be killed.
   */
  static int stop(List<ProcessHandle> processes, Duration grace) throws InterruptedException {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (ProcessHandle process : processes) {
      process.destroy();
      exits.add(process.onExit());
    }
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException slow) {
      // the ones still alive are killed below
    }
    int killed = 0;
    for (ProcessHandle process : processes) {
      if (process.isAlive()) {
        // its children too: a node recording its AOT cache builds it in a child JVM as it stops
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        killed++;
      }
    }
    return killed;
  }
}
