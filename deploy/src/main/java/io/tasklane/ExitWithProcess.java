package io.tasklane;

import java.util.Optional;

/**
 * {@code TASKLANE_EXIT_WITH_PID}: a process of this jar (a node, {@code local up}'s nodes through
 * their inherited environment, a client) ends as soon as the process with that id ends. Meant for
 * test harnesses: nodes a test started, detached with {@code setsid} or not, do not outlive a test
 * JVM that CI's timeout killed with {@code kill -9}. The end is a {@code kill -9} of this process
 * (a worker does not drain for a run that is gone): not {@code Runtime.halt}, which still runs the
 * JVM's own exit work, such as writing an AOT cache in a training run ({@code local up}'s first
 * nodes on JDK 25), for a minute on a loaded machine.
 */
final class ExitWithProcess {

  static final String VARIABLE = "TASKLANE_EXIT_WITH_PID";
  /** The exit code if the system's {@code kill} cannot end this process (128 + SIGKILL's 9, as after kill -9). */
  static final int EXIT_CODE = 137;

  private ExitWithProcess() {}

  /**
   * Watches the process {@code value} names, if any; returns an error for a value that is not a
   * process id. A process already gone ends this one at once.
   */
  static Optional<String> install(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(value.trim());
    } catch (NumberFormatException notANumber) {
      pid = -1;
    }
    if (pid <= 0) {
      return Optional.of(VARIABLE + " must be a process id (a positive number), not '" + value + "'");
    }
    if (pid == ProcessHandle.current().pid()) {
      return Optional.of(VARIABLE + " must name another process than this one (" + pid + ")");
    }
    long watched = pid;
    Optional<ProcessHandle> process = ProcessHandle.of(watched);
    if (process.isEmpty() || !process.get().isAlive()) {
      end(watched);
      return Optional.empty(); // not reached: end halts
    }
    // The JDK watches a process that is not this one's child by polling it (at most every 5 s),
    // telling a reused pid from the original by its start time.
    process.get().onExit().thenRun(() -> end(watched));
    return Optional.empty();
  }

  private static void end(long pid) {
    System.err.println("tasklane: process " + pid + " (" + VARIABLE + ") ended; exiting");
    System.err.flush();
    try {
      // the JDK will not destroy its own process: the system's kill does
      new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
    } catch (Exception noKill) {
      // no kill program (not Linux): halt below
    }
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
