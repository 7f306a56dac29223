package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh local cluster: {@code tasklane local up --workers N --state-dir DIR} run as a
 * process of the distribution jar, and {@code local down} for the same state dir. Knows the
 * API's address, the token and the node processes (from {@code cluster.json}).
 */
final class LocalCluster {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DOWN_GRACE_S = 60;
  /** How long {@code local up} may wait for the cluster to form (and warm up after it). */
  static final int UP_TIMEOUT_S = 150;
  private static final List<String> CLASSPATH_FLAGS = List.of("-cp", "-classpath", "--class-path", "-jar");

  /** One node process and the file name of its log (in {@code <state>/logs}). */
  record Node(String role, long pid, String log) {}

  private final Launcher launcher;
  private final Path stateDir;
  private final URI server;
  private final String token;
  private final List<Node> nodes;
  private boolean down;

  private LocalCluster(Launcher launcher, Path stateDir, URI server, String token, List<Node> nodes) {
    this.launcher = launcher;
    this.stateDir = stateDir;
    this.server = server;
    this.token = token;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * How to run the distribution's commands: the java binary, its flags, the jar.
   *
   * @param env extra environment for {@code local up} (the nodes inherit it)
   */
  record Launcher(String java, List<String> javaFlags, Path jar, Map<String, String> env) {

    int run(List<String> args, Map<String, String> extraEnv, long timeoutSeconds) throws BenchFailure {
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(javaFlags);
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      builder.environment().putAll(extraEnv);
      try {
        Process process = builder.start();
        process.getOutputStream().close();
        // Its output is progress: to our stderr (stdout carries only the JSON lines).
        Thread copier = Thread.ofPlatform().daemon().start(() -> {
          try {
            process.getInputStream().transferTo(System.err);
          } catch (IOException ignored) {
            // the process went away
          }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new BenchFailure("tasklane " + String.join(" ", args) + " did not return within " + timeoutSeconds + " s");
        }
        copier.join(1000);
        return process.exitValue();
      } catch (IOException failed) {
        throw new BenchFailure("cannot run tasklane " + String.join(" ", args) + ": " + failed, failed);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new BenchFailure("interrupted while running tasklane " + args, interrupted);
      }
    }
  }

  /** Starts a coordinator and {@code workers} workers; the environment goes to every node. */
  static LocalCluster up(Launcher launcher, Path stateDir, int workers, Map<String, String> nodeEnv)
      throws BenchFailure {
    // local up's own patience (its default 60 s) is too short for four or more JVMs on a busy
    // two-core machine: give it most of ours
    int code = launcher.run(List.of("local", "up", "--workers", Integer.toString(workers),
        "--timeout", Integer.toString(UP_TIMEOUT_S), "--state-dir", stateDir.toString()), nodeEnv, UP_TIMEOUT_S + 60);
    LocalCluster partial = new LocalCluster(launcher, stateDir, null, null, List.of());
    if (code != 0) {
      partial.down();
      throw new BenchFailure("tasklane local up exited " + code + " (logs in " + stateDir.resolve("logs") + ")");
    }
    try {
      JsonNode state = MAPPER.readTree(stateDir.resolve("cluster.json").toFile());
      String token = Files.readString(stateDir.resolve("token"), StandardCharsets.UTF_8).trim();
      List<Node> nodes = new ArrayList<>();
      for (JsonNode node : state.path("nodes")) {
        String log = node.path("log").asText("");
        nodes.add(new Node(node.path("role").asText(), node.path("pid").asLong(),
            log.isEmpty() ? node.path("role").asText() + ".log" : Path.of(log).getFileName().toString()));
      }
      return new LocalCluster(launcher, stateDir, URI.create(state.path("server").asText()), token, nodes);
    } catch (IOException unreadable) {
      partial.down();
      throw new BenchFailure("cannot read the local cluster's state in " + stateDir + ": " + unreadable, unreadable);
    }
  }

  URI server() {
    return server;
  }

  String token() {
    return token;
  }

  Path stateDir() {
    return stateDir;
  }

  List<Node> nodes() {
    return nodes;
  }

  long coordinatorPid() {
    return nodes.stream().filter(node -> node.role().equals("coordinator")).mapToLong(Node::pid)
        .findFirst().orElse(-1);
  }

  long workerCount() {
    return nodes.stream().filter(node -> node.role().equals("worker")).count();
  }

  /** Each role's JVM options, from {@code /proc/PID/cmdline} (the classpath and arguments left out). */
  Map<String, List<String>> jvmFlags() {
    Map<String, List<String>> flags = new java.util.TreeMap<>();
    for (Node node : nodes) {
      flags.putIfAbsent(node.role(), jvmFlags(node.pid()));
    }
    return flags;
  }

  static List<String> jvmFlags(long pid) {
    try {
      String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8)
          .split("\0");
      return jvmFlags(args);
    } catch (IOException | RuntimeException unreadable) {
      return List.of();
    }
  }

  /** The options between the java binary and the classpath or main class. */
  static List<String> jvmFlags(String[] commandLine) {
    List<String> flags = new ArrayList<>();
    int start = 0;
    while (start < commandLine.length && !commandLine[start].endsWith("java")) {
      start++; // setsid and the like
    }
    for (int i = start + 1; i < commandLine.length; i++) {
      String arg = commandLine[i];
      if (CLASSPATH_FLAGS.contains(arg) || !arg.startsWith("-")) {
        break;
      }
      flags.add(arg);
    }
    return flags;
  }

  /** {@code local down}, then anything of ours still alive is killed. Safe to call twice. */
  synchronized void down() {
    if (down) {
      return;
    }
    down = true;
    try {
      // Nodes recording an AOT cache write it as they stop (seconds); the others are gone sooner.
      launcher.run(List.of("local", "down", "--grace", Integer.toString(DOWN_GRACE_S), "--state-dir",
          stateDir.toString()), Map.of(), DOWN_GRACE_S + 60);
    } catch (BenchFailure failed) {
      System.err.println("bench: " + failed.getMessage());
    }
    for (Node node : nodes) {
      ProcessHandle.of(node.pid())
          .filter(handle -> handle.info().commandLine().map(line -> line.contains("io.tasklane")).orElse(false))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
