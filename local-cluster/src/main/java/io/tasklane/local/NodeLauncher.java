package io.tasklane.local;

import io.tasklane.client.state.StateDir;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts node JVMs in the background: the running JVM's {@code java}, the running
 * classpath (the tasklane jar), {@code io.tasklane.TasklaneMain coordinator|worker …},
 * output to a log file, detached with {@code setsid} where there is one.
 */
final class NodeLauncher {

  static final String HOST = "127.0.0.1";
  /**
   * The coordinator allocates per task (requests, task batches, results, journal pages) and G1's
   * young pauses cost the same however large the young generation is (they copy what is still
   * alive): a heap that starts at 512 MiB, touched at start (~0.2 s, a resident 512 MiB), gives
   * G1 room for a young generation of ~300 MiB, about half as many pauses as 256 MiB gave. Of
   * the bench's 20,000-task runs, 5 of 12 took a 17-33 ms pause before, 1 of 12 since; without
   * the touching, the first collections into fresh memory took up to 77 ms.
   */
  static final List<String> COORDINATOR_OPTS = List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");
  static final List<String> WORKER_OPTS = List.of("-Xmx512m", "-XX:+UseG1GC");
  static final Path SETSID = Paths.get("/usr/bin/setsid");
  static final File DEV_NULL = new File("/dev/null");

  private final StateDir state;
  private final String java;
  private final String classpath;
  private final List<String> extraOpts;
  private final Map<String, List<String>> roleOpts;
  private final Optional<AotCache> aot;

  NodeLauncher(StateDir state, String java, String classpath, List<String> extraOpts) {
    this(state, java, classpath, extraOpts, Map.of(), Optional.empty());
  }

  /**
   * @param roleOpts options for the nodes of one role only ("coordinator", "worker"), after
   *     {@code extraOpts}
   */
  NodeLauncher(StateDir state, String java, String classpath, List<String> extraOpts,
      Map<String, List<String>> roleOpts, Optional<AotCache> aot) {
    this.state = state;
    this.java = java;
    this.classpath = classpath;
    this.extraOpts = List.copyOf(extraOpts);
    this.roleOpts = Map.copyOf(roleOpts);
    this.aot = aot;
  }

  /**
   * A launcher for this JVM's java and classpath, plus {@code TASKLANE_NODE_OPTS} for every node
   * and {@code TASKLANE_COORDINATOR_OPTS} / {@code TASKLANE_WORKER_OPTS} for one role. When the
   * classpath is one jar (the distribution), the nodes run from a copy of it, so rebuilding the
   * project does not pull the jar from under a running local cluster: the {@link AotCache}'s
   * copy on a JDK that has one, else a copy in the state dir.
   */
  static NodeLauncher ofThisJvm(StateDir state) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Paths.get(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    Path jar = Paths.get(classpath);
    Optional<AotCache> aot = Optional.empty();
    if (!classpath.contains(File.pathSeparator) && classpath.endsWith(".jar") && Files.isRegularFile(jar)) {
      aot = AotCache.forJar(jar, java, System.getenv());
      Path copy = state.root().resolve("tasklane.jar");
      if (aot.isPresent()) {
        copy = aot.get().jar();
      } else {
        Files.createDirectories(state.root());
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      classpath = copy.toAbsolutePath().toString();
    }
    Map<String, List<String>> roleOpts = new HashMap<>();
    for (String role : List.of("coordinator", "worker")) {
      roleOpts.put(role, options("TASKLANE_" + role.toUpperCase(Locale.ROOT) + "_OPTS"));
    }
    return new NodeLauncher(state, java, classpath, options("TASKLANE_NODE_OPTS"), roleOpts, aot);
  }

  private static List<String> options(String variable) {
    String opts = System.getenv().getOrDefault(variable, "").trim();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  /**
   * The coordinator lists itself first among the seeds, then the workers: it forms the cluster
   * when none of them is up yet, and a restarted coordinator joins the workers' cluster again.
   */
  List<String> coordinatorCommand(int port, int httpPort, List<Integer> workerPorts) {
    List<String> command = jvm(COORDINATOR_OPTS, "coordinator");
    command.addAll(List.of("coordinator", "--host", HOST, "--port", Integer.toString(port),
        "--seeds", seeds(port, workerPorts),
        "--http-port", Integer.toString(httpPort),
        "--token-file", state.tokenFile().toAbsolutePath().toString(),
        "--data-dir", state.dataDir().toAbsolutePath().toString()));
    return command;
  }

  /**
   * A worker on a fixed port, seeded with the coordinator and every worker. It runs {@code exec}
   * tasks: a local cluster is the user's own machine, its nodes run as the user.
   */
  List<String> workerCommand(int port, int coordinatorPort, List<Integer> workerPorts) {
    List<String> command = jvm(WORKER_OPTS, "worker");
    command.addAll(List.of("worker", "--host", HOST, "--port", Integer.toString(port),
        "--seeds", seeds(coordinatorPort, workerPorts), "--allow-exec=all"));
    return command;
  }

  private static String seeds(int coordinatorPort, List<Integer> workerPorts) {
    StringBuilder seeds = new StringBuilder(HOST + ":" + coordinatorPort);
    for (int workerPort : workerPorts) {
      seeds.append(',').append(HOST).append(':').append(workerPort);
    }
    return seeds.toString();
  }

  /** Starts the command detached, stdout and stderr to {@code log}. */
  Process start(List<String> command, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    if (DEV_NULL.exists()) {
      builder.redirectInput(DEV_NULL);
    }
    // A local cluster is plain text on loopback, its client talks http: a shell's settings meant for
    // a node on a real machine (TLS, one health port) would break it.
    builder.environment().keySet().removeAll(MACHINE_NODE_ENV);
    return builder.start();
  }

  /** Node settings from the environment that a local cluster's nodes do not take. */
  static final List<String> MACHINE_NODE_ENV = List.of("TASKLANE_TLS_DIR", "TASKLANE_HEALTH_PORT", "TASKLANE_INSECURE");

  /** A port nobody listens on at the moment, on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private List<String> jvm(List<String> opts, String role) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(opts);
    if (Runtime.version().feature() >= 23) {
      // Pekko still uses sun.misc.Unsafe; JDK 23+ warns on every start unless allowed.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(extraOpts);
    command.addAll(roleOpts.getOrDefault(role, List.of())); // last: they win over the shared ones
    aot.ifPresent(cache -> command.addAll(cache.options(role, List.copyOf(command.subList(1, command.size())))));
    command.addAll(List.of("-cp", classpath, NodeProcesses.MAIN_CLASS));
    return command;
  }
}
