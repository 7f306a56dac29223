package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  /** SIGKILL, then waits until the process is gone. */
  static void kill9(long pid) throws Exception {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    assertThat(process.destroyForcibly()).as("SIGKILL sent to %s", pid).isTrue();
    process.onExit().get(30, TimeUnit.SECONDS);
    assertThat(alive(pid)).as("pid %s after kill -9", pid).isFalse();
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

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
