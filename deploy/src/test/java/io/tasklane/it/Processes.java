package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes by pid, the way a shell would handle them: command lines, kill -9, start detached.
 * Every process a test starts ends with the test JVM: it gets this JVM's pid in
 * {@code TASKLANE_EXIT_WITH_PID} (a tasklane process, and the nodes {@code local up} starts from
 * it, end once this JVM is gone, even after a {@code kill -9}), and a shutdown hook kills those
 * still running when this JVM stops otherwise (ExitWithTheTestRunIT).
 */
final class Processes {

  /** The variable that makes a tasklane process end with another ({@code io.tasklane.ExitWithProcess}). */
  static final String EXIT_WITH_PID = "TASKLANE_EXIT_WITH_PID";
  private static final Set<ProcessHandle> STARTED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(ProcessHandle::destroyForcibly),
        "kill-started-processes"));
  }

  private Processes() {}

  /**
   * {@code env} plus {@code TASKLANE_EXIT_WITH_PID} = this JVM (unless {@code env} names another
   * process): for every process a test starts.
   */
  static Map<String, String> withExitWithThisJvm(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(TestJvms.nodeEnv(env));
    all.putIfAbsent(EXIT_WITH_PID, Long.toString(ProcessHandle.current().pid()));
    return all;
  }

  /** Kills {@code pid} when this JVM stops, if it still runs then (a node {@code local up} started). */
  static void killOnExit(long pid) {
    ProcessHandle.of(pid).ifPresent(STARTED::add);
  }

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
    builder.environment().putAll(withExitWithThisJvm(env));
    Process process = builder.start();
    STARTED.add(process.toHandle());
    return process;
  }

  /**
   * A fixed port for a node whose address a test must name before it starts ({@link FixedPorts}:
   * reserved for this JVM, never one a node binding port 0 gets). Prefer {@code --port 0} and
   * {@link BoundPorts}.
   */
  static int freePort() {
    return FixedPorts.reserve();
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
