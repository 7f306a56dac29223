package io.tasklane.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Exit;
import io.tasklane.client.lib.RetryPolicy;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.lib.TasklaneException;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tasklane local up}. */
@Command(name = "up",
    description = "Start a coordinator JVM and N worker JVMs on 127.0.0.1 in the background; "
        + "return once every worker has joined and registered its io and cpu lanes, and the cluster "
        + "has warmed up (a few unlisted no-op jobs; --no-warm-up leaves them out).",
    footer = {"%nExamples:",
        "  tasklane local up",
        "  tasklane local up --workers 4 --timeout 120",
        "  TASKLANE_NODE_OPTS='-Xmx2g' tasklane local up",
        "%nJVM options for the nodes: env TASKLANE_NODE_OPTS (appended). Logs: <state-dir>/logs/.",
        Exit.CODES_FOOTER})
final class LocalUpCommand extends LocalSubcommand {

  /** Pause between two looks at {@code /api/cluster} while waiting. */
  static final Duration POLL = Duration.ofMillis(250);
  /** Lines of the coordinator's log shown when the cluster did not come up. */
  static final int LOG_TAIL = 30;
  /** Starts tried when a picked port turns out taken by the time its node binds it. */
  static final int START_ATTEMPTS = 3;
  /** Grace for nodes stopped after a failed start. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Worker JVMs to start. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the cluster to form. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Option(names = "--no-warm-up",
      description = "Report the cluster up as soon as it has formed, without the warm-up (a few no-op "
          + "jobs, unlisted, so that the first real job runs on compiled code; also TASKLANE_WARM_UP=off).")
  boolean noWarmUp;

  @Override
  int run(StateDir state, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    if (workers < 1 || timeoutSeconds < 1) {
      err.println("--workers and --timeout must be at least 1");
      return Exit.USAGE;
    }
    Optional<ClusterState> existing = state.readCluster();
    if (existing.isPresent() && existing.get().nodes().stream().anyMatch(n -> NodeProcesses.alive(n.pid()))) {
      out.println("a local cluster is already running at " + existing.get().server()
          + " (state in " + state.root() + "; `tasklane local down` stops it)");
      return Exit.OK;
    }
    String token = Tokens.generate();
    Tokens.write(state.tokenFile(), token);
    Files.createDirectories(state.logsDir());
    Files.createDirectories(state.dataDir());

    NodeLauncher launcher = NodeLauncher.ofThisJvm(state);
    for (int attempt = 1; ; attempt++) {
      Started started = start(launcher, state);
      TasklaneClient api = TasklaneClient.builder().server(started.server()).token(token)
          .retry(RetryPolicy.NONE).build(); // the loop below looks again, with its own pause
      Optional<JsonNode> formed = awaitCluster(api, started.processes(), err);
      if (formed.isPresent()) {
        ClusterState cluster = new ClusterState(started.server(), withWorkerPorts(started.nodes(), formed.get()));
        state.writeCluster(cluster);
        if (!noWarmUp && ClusterWarmUp.wanted(System.getenv())) {
          err.println(ClusterWarmUp.run(started.server(), token, workers));
          err.flush();
        }
        report(cluster, state, out);
        return Exit.OK;
      }
      if (attempt < START_ATTEMPTS && portTaken(started.nodes())) {
        // The ports were free when picked, and something else took one before its node bound it.
        err.println("a port picked for the cluster was taken meanwhile; starting again on other ports");
        NodeProcesses.stop(started.processes().stream().map(Process::toHandle).toList(), STOP_GRACE);
        continue;
      }
      giveUp(state, started.nodes(), started.processes(), err);
      return Exit.UNREACHABLE;
    }
  }

  /** The nodes of one start: their processes, as cluster.json lists them, and the API's address. */
  private record Started(String server, List<Process> processes, List<ClusterState.Node> nodes) {}

  /** Picks free ports and starts the coordinator and the workers on them. */
  private Started start(NodeLauncher launcher, StateDir state) throws IOException {
    int port = NodeLauncher.freePort();
    int httpPort = NodeLauncher.freePort();
    List<Integer> workerPorts = new ArrayList<>();
    while (workerPorts.size() < workers) {
      int candidate = NodeLauncher.freePort();
      if (candidate != port && candidate != httpPort && !workerPorts.contains(candidate)) {
        workerPorts.add(candidate);
      }
    }
    String server = "http://" + NodeLauncher.HOST + ":" + httpPort;
    List<Process> processes = new ArrayList<>();
    List<ClusterState.Node> nodes = new ArrayList<>();
    processes.add(launcher.start(launcher.coordinatorCommand(port, httpPort, workerPorts), state.log("coordinator")));
    nodes.add(node("coordinator", processes.get(0), port, state.log("coordinator").toString()));
    for (int i = 1; i <= workers; i++) {
      int workerPort = workerPorts.get(i - 1);
      Process worker = launcher.start(launcher.workerCommand(workerPort, port, workerPorts), state.log("worker-" + i));
      processes.add(worker);
      nodes.add(node("worker", worker, workerPort, state.log("worker-" + i).toString()));
    }
    state.writeCluster(new ClusterState(server, nodes));
    return new Started(server, processes, nodes);
  }

  /** Whether a node of this start logged that it could not bind its port (the JVM's BindException text). */
  static boolean portTaken(List<ClusterState.Node> nodes) {
    return nodes.stream().anyMatch(node -> LogTail.lines(java.nio.file.Path.of(node.log()), LOG_TAIL).stream()
        .anyMatch(line -> line.contains("Address already in use")));
  }

  private Optional<JsonNode> awaitCluster(TasklaneClient api, List<Process> processes, PrintWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    String lastProblem = "no answer yet";
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        if (!process.isAlive()) {
          err.println("a node exited while starting (pid " + process.pid() + ", exit code "
              + process.exitValue() + ")");
          return Optional.empty();
        }
      }
      try {
        JsonNode cluster = api.cluster();
        if (ClusterReadiness.ready(cluster, workers)) {
          return Optional.of(cluster);
        }
        lastProblem = ClusterReadiness.workerAddresses(cluster).size() + " of " + workers
            + " workers up with both lanes registered";
      } catch (TasklaneException notYet) {
        lastProblem = notYet.getMessage();
      }
      Thread.sleep(POLL.toMillis());
    }
    err.println("the local cluster did not form within " + timeoutSeconds + " s (" + lastProblem + ")");
    return Optional.empty();
  }

  private void giveUp(StateDir state, List<ClusterState.Node> nodes, List<Process> processes,
      PrintWriter err) throws IOException, InterruptedException {
    err.println("logs:");
    nodes.forEach(node -> err.println("  " + node.log()));
    err.println("last lines of the coordinator's log:");
    LogTail.lines(state.log("coordinator"), LOG_TAIL).forEach(line -> err.println("  | " + line));
    NodeProcesses.stop(processes.stream().map(Process::toHandle).toList(), STOP_GRACE);
    state.removeCluster();
    err.println("stopped the nodes that were started");
  }

  private static List<ClusterState.Node> withWorkerPorts(List<ClusterState.Node> nodes, JsonNode cluster) {
    List<Integer> workerPorts = ClusterReadiness.workerAddresses(cluster).stream()
        .map(address -> address.substring(address.lastIndexOf(':') + 1))
        .filter(port -> port.matches("\\d+"))
        .map(Integer::valueOf)
        .toList();
    List<ClusterState.Node> known = new ArrayList<>();
    for (ClusterState.Node node : nodes) {
      if (!"worker".equals(node.role())) {
        known.add(node);
        continue;
      }
      List<Integer> candidates = ListeningPorts.of(node.pid()).stream()
          .filter(workerPorts::contains)
          .toList();
      known.add(candidates.size() == 1 ? node.withPort(candidates.get(0)) : node);
    }
    return known;
  }

  private void report(ClusterState cluster, StateDir state, PrintWriter out) {
    if (common.output() == OutputFormat.JSON) {
      out.println(LocalStatusCommand.describe(cluster));
      return;
    }
    out.println("local cluster up at " + cluster.server() + " with " + workers + " worker(s); "
        + "token, pids and logs in " + state.root());
    TextTable table = new TextTable("ROLE", "PID", "HOST", "PORT", "LOG");
    cluster.nodes().forEach(node -> table.row(node.role(), node.pid(), node.host(), node.port(), node.log()));
    table.print(out);
  }

  private static ClusterState.Node node(String role, Process process, int port, String log) {
    return new ClusterState.Node(role, process.pid(), NodeLauncher.HOST, port, log);
  }
}
