package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Processes by pid, the way a shell would handle them: command lines, kill -9, start detached. */
final class Processes {

  private Processes() {}

  /** The command line of a live process, from {@code /proc/<pid>/cmdline} (Linux). */
  static List<String> commandLine(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    List<String> parts = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")));
    parts.removeIf(String::isEmpty);
    return parts;
  }

  /**
   * SIGKILL, then waits until the process is dead ({@link #awaitDead}). Refuses a pid that is
   * not running (gone, or dead and not yet collected): the caller chose a stale one.
   */
  static void kill9(long pid) throws Exception {
    kill9(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " to kill")));
  }

  /** {@link #kill9(long)} of the process a handle was taken of (not whatever has its pid now). */
  static void kill9(ProcessHandle process) throws Exception {
    long pid = process.pid();
    if (!running(process)) {
      throw new AssertionError("process " + pid + " to kill is not running (pid now: " + describe(pid) + ")");
    }
    String before = describe(pid);
    assertThat(process.destroyForcibly()).as("SIGKILL sent to %s", pid).isTrue();
    awaitDead(process, Duration.ofSeconds(30), "after SIGKILL (before it: " + before + ")");
  }

  /**
   * Waits until {@code process} is dead: gone, a zombie, or its pid taken by another process.
   * Not {@link ProcessHandle#onExit}: for a process that is not this JVM's child (every node
   * {@code local up} started is adopted by init once the launcher exits) that polls until the
   * pid leaves /proc, so a zombie whose new parent is slow to collect it, or never does (a
   * container whose PID 1 waits only for its own child), looks alive to it.
   */
  static void awaitDead(ProcessHandle process, Duration atMost, String what) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (running(process)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pid " + process.pid() + " still running " + atMost.toSeconds() + " s " + what
            + ": now " + describe(process.pid()));
      }
      Thread.sleep(50);
    }
  }

  /** {@link #awaitDead(ProcessHandle, Duration, String)} for a pid (already dead if there is none). */
  static void awaitDead(long pid, Duration atMost, String what) throws InterruptedException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isPresent()) {
      awaitDead(process.get(), atMost, what);
    }
  }

  /**
   * Sends a signal by name ({@code STOP}, {@code CONT}) with the system's {@code kill}: the JDK
   * sends only TERM and KILL. A stopped process stays stopped until CONT, even through a TERM.
   */
  static void signal(long pid, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -%s %s ended", signal, pid).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s: %s", signal, pid, output).isZero();
  }

  /** State, parent and command of a pid from /proc (for failure messages). */
  static String describe(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return "[state " + fields[0] + ", ppid " + fields[1] + ", " + String.join(" ", commandLine(pid)) + "]";
    } catch (IOException gone) {
      return "[no /proc entry]";
    }
  }

  /** Whether {@code pid} runs: it exists and is not a zombie (dead, waiting for its parent to collect it). */
  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(Processes::running).orElse(false);
  }

  /**
   * Whether {@code process} runs: its pid is still that process (ProcessHandle compares start
   * times: pids are reused quickly where pid_max is 32768) and it is not a zombie.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    String state = state(process.pid());
    return !state.isEmpty() && !state.equals("Z") && !state.equals("X") && process.isAlive();
  }

  /** The state letter of /proc/PID/stat (R, S, D, T, Z ...); "" if there is none. */
  private static String state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
    } catch (IOException | RuntimeException gone) {
      return "";
    }
  }

  /** SIGTERM to each, up to {@code graceSeconds} for them to end, then SIGKILL to the rest. */
  static void stop(List<Long> pids, int graceSeconds) throws InterruptedException {
    List<ProcessHandle> live = pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
        .filter(ProcessHandle::isAlive).toList();
    live.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
    for (ProcessHandle process : live) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception slow) {
        process.destroyForcibly();
      }
    }
    for (ProcessHandle process : live) {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // reported by the caller's checks if it matters
        }
      }
    }
  }

  /** Starts {@code command} in {@code workDir}, stdout and stderr to {@code log}, stdin empty. */
  static Process start(List<String> command, Path workDir, Path log, Map<String, String> env) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** A TCP port nobody listens on at the moment, on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The last {@code chars} characters of a file (for failure messages); "" if missing. */
  static String tail(Path file, int chars) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.length() > chars ? text.substring(text.length() - chars) : text;
    } catch (IOException missing) {
      return "";
    }
  }
}
