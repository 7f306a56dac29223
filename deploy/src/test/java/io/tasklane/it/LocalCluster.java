package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster started with {@code tasklane local up} in a working directory, plus any node the
 * test starts itself (a restarted coordinator, a replacement worker), which {@link #close}
 * stops too.
 */
final class LocalCluster implements AutoCloseable {

  /** One node of {@code .tasklane/cluster.json}. */
  record Node(String role, long pid, String host, int port, String log) {
    String address() {
      return host + ":" + port;
    }
  }

  private final Path work;
  private final Map<String, String> env;
  private final Api api;
  private final List<Long> adopted = new ArrayList<>();

  private LocalCluster(Path work, Map<String, String> env, Api api) {
    this.work = work;
    this.env = env;
    this.api = api;
  }

  /** {@code tasklane local up --workers N} in {@code work}, with extra environment for the nodes. */
  static LocalCluster up(Path work, int workers, Map<String, String> env) throws Exception {
    // local up's own 60 s to form is short for a CI machine running two test classes at once. Its
    // warm-up (160,000 no-op tasks) is left out unless a test asks for it: LocalClusterIT checks it,
    // and on a CI machine running two classes at once it would add minutes to the whole run
    List<String> args = new ArrayList<>(List.of("local", "up", "--workers", Integer.toString(workers), "--timeout", "180"));
    if (!env.containsKey("TASKLANE_WARM_UP")) {
      args.add("--no-warm-up");
    }
    Tasklane.Result up = run(work, env, 240, args.toArray(String[]::new));
    assertThat(up.exitCode()).as("local up: %s%s", up.stdout(), up.stderr()).isZero();
    JsonNode state = Api.JSON.readTree(work.resolve(".tasklane/cluster.json").toFile());
    String token = Files.readString(work.resolve(".tasklane/token"), StandardCharsets.UTF_8).trim();
    LocalCluster cluster = new LocalCluster(work, env, new Api(state.get("server").asText(), token));
    try {
      cluster.nodes().forEach(node -> Processes.killOnExit(node.pid()));
      assertThat(cluster.nodes()).hasSize(1 + workers);
    } catch (AssertionError wrong) {
      cluster.close();
      throw wrong;
    }
    return cluster;
  }

  Path work() {
    return work;
  }

  Api api() {
    return api;
  }

  /** The nodes {@code local up} started, as {@code cluster.json} lists them. */
  List<Node> nodes() throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (JsonNode node : Api.JSON.readTree(work.resolve(".tasklane/cluster.json").toFile()).get("nodes")) {
      nodes.add(new Node(node.get("role").asText(), node.get("pid").asLong(), node.get("host").asText(),
          node.get("port").asInt(), node.get("log").asText()));
    }
    return nodes;
  }

  Node coordinator() throws IOException {
    return nodes().stream().filter(node -> node.role().equals("coordinator")).findFirst().orElseThrow();
  }

  List<Node> workers() throws IOException {
    return nodes().stream().filter(node -> node.role().equals("worker")).toList();
  }

  /**
   * Starts {@code command} again (a node the test killed), detached, output to {@code log};
   * {@link #close} stops it.
   */
  Process restart(List<String> command, Path log) throws IOException {
    Process process = Processes.start(command, work, log, env);
    adopted.add(process.pid());
    return process;
  }

  /** {@code tasklane args…} as a client process in the working directory. */
  Tasklane.Result tasklane(long timeoutSeconds, String... args) throws Exception {
    return run(work, env, timeoutSeconds, args);
  }

  /** The whole text of every worker's log (to find a line however much the node logged after it). */
  String workerLogs() throws IOException {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(work.resolve(".tasklane/logs"))) {
      for (Path log : files.filter(file -> file.getFileName().toString().startsWith("worker")).sorted().toList()) {
        text.append("\n== ").append(log.getFileName()).append('\n').append(Files.readString(log, StandardCharsets.UTF_8));
      }
    }
    return text.toString();
  }

  /** The last lines of every node log under {@code .tasklane/logs} (for failure messages). */
  String logs() {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(work.resolve(".tasklane/logs"))) {
      for (Path log : files.sorted().toList()) {
        text.append("\n== ").append(log.getFileName()).append('\n').append(Processes.tail(log, 3000));
      }
    } catch (IOException none) {
      text.append("(no logs)");
    }
    return text.toString();
  }

  @Override
  public void close() throws Exception {
    try {
      Tasklane.Result down = run(work, env, 90, "local", "down", "--grace", "20");
      assertThat(down.exitCode()).as(down.stderr()).isZero();
    } finally {
      Processes.stop(adopted, 20);
    }
  }

  private static Tasklane.Result run(Path work, Map<String, String> env, long timeoutSeconds, String... args)
      throws Exception {
    return Distribution.run(work, env, timeoutSeconds, args);
  }
}
