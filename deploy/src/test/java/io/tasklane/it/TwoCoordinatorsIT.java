package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator JVMs sharing a PostgreSQL journal, two worker JVMs, all started by hand with
 * {@code tasklane coordinator|worker}. kill -9 the coordinator that holds a running job: the
 * other one takes the job over (no restart of anything) and it completes with every result,
 * each recorded once. Needs PostgreSQL: TASKLANE_TEST_PG_URL / _USER / _PASSWORD (.ci/postgres.sh).
 */
class TwoCoordinatorsIT {

  private static final String HOST = "127.0.0.1";
  private static final int NAPS = 4000;
  private static final int HASHES = 150;
  private static final String JOB = """
      {"name": "failover", "defaults": {"timeout": "60s", "retries": 0},
       "tasks": [
         {"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 8000}},
         {"id": "hash", "type": "sha256", "repeat": %d, "input": {"iterations": 50000}}
       ]}
      """.formatted(NAPS, HASHES);

  private record Node(String name, Process process, String address, String http) {}

  @TempDir Path work;
  private final Steps steps = new Steps("TwoCoordinatorsIT");
  private final List<Node> nodes = new ArrayList<>();
  private FreshPostgres postgres;

  @BeforeEach
  void freshDatabase() throws Exception {
    postgres = FreshPostgres.create("TwoCoordinatorsIT", "tasklane_it");
  }

  @AfterEach
  void stopNodesAndDropTheDatabase() throws Exception {
    try {
      Processes.stop(nodes.stream().map(node -> node.process().pid()).toList(), 20);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  @Test
  void killingTheCoordinatorThatHoldsAJobHandsItToTheOtherWithoutARestart() throws Exception {
    String token = "two-coordinators-" + Long.toHexString(System.nanoTime());
    String jdbcUrl = postgres.jdbcUrl();
    Map<String, String> env = Map.of(
        "TASKLANE_TOKEN", token,
        "TASKLANE_JDBC_URL", jdbcUrl,
        "TASKLANE_JDBC_USER", postgres.user(),
        "TASKLANE_JDBC_PASSWORD", postgres.password());
    // Every node on port 0, its ports read back from the file it writes: coordinator-a forms the
    // cluster (no seeds), the others join it once it listens.
    Node a = coordinator("coordinator-a", "", env);
    Node b = coordinator("coordinator-b", a.address(), env);
    worker("worker-1", a.address() + "," + b.address(), env);
    worker("worker-2", a.address() + "," + b.address(), env);

    Api apiA = new Api(a.http(), token);
    Api apiB = new Api(b.http(), token);
    for (Api api : List.of(apiA, apiB)) {
      await(api.server() + " sees 4 nodes up and 4 lanes").atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .failFast("a node exited", this::assertAlive)
          .ignoreExceptions()
          .untilAsserted(() -> assertFourNodesAndFourLanes(api.cluster()));
    }
    // The same view through the client, as a user would check it.
    for (Node coordinator : List.of(a, b)) {
      Tasklane.Result view = Distribution.run(work, Map.of(), 60, "cluster", "-o", "json",
          "--server", coordinator.http(), "--token", token);
      assertThat(view.exitCode()).as(view.stderr()).isZero();
      assertFourNodesAndFourLanes(Api.JSON.readTree(view.stdout()));
    }
    steps.log("cluster of 4 up: coordinators %s, %s", a.address(), b.address());
    String jobId = apiA.submit(JOB);
    JsonNode[] running = new JsonNode[1];
    await("the job under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          running[0] = apiA.status(jobId);
          return running[0].at("/lanes/cpu/succeeded").asInt() > 0
              && running[0].at("/lanes/io/running").asInt() > 0;
        });
    String holder = running[0].get("coordinator").asText();
    assertThat(holder).as(running[0].toString()).isIn(a.address(), b.address());
    assertThat(apiB.status(jobId).get("coordinator").asText()).as("both coordinators agree").isEqualTo(holder);
    Node victim = holder.equals(a.address()) ? a : b;
    Node survivor = victim == a ? b : a;
    Api api = victim == a ? apiB : apiA;

    steps.log("job %s on %s: %s", jobId, holder, running[0]);
    Processes.kill9(victim.process().pid());
    steps.log("killed %s (-9); asking %s", victim.name(), survivor.name());

    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(180));
    steps.log("job ended: %s", status);
    assertThat(status.get("state").asText()).as("%s%s", status, logs()).isEqualTo("succeeded");
    assertThat(status.get("coordinator").asText()).as("the survivor holds the job now").isEqualTo(survivor.address());
    assertThat(status.get("total").asInt()).isEqualTo(NAPS + HASHES);
    Map<String, JsonNode> results = api.resultsById(jobId, NAPS + HASHES);
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < NAPS; i++) {
      JsonNode nap = results.get("nap-" + i);
      assertThat(nap).as("nap-%s", i).isNotNull();
      assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
    }
    for (int i = 0; i < HASHES; i++) {
      JsonNode hash = results.get("hash-" + i);
      assertThat(hash).as("hash-%s", i).isNotNull();
      assertThat(hash.get("status").asText()).as(hash.toString()).isEqualTo("succeeded");
      digests.add(hash.at("/output/hex").asText());
    }
    assertThat(digests).as("one input, one digest").hasSize(1);

    // Nothing else was restarted: the survivor and both workers are the original processes.
    nodes.stream().filter(node -> node != victim).forEach(node ->
        assertThat(node.process().isAlive()).as("%s alive", node.name()).isTrue());
  }

  /** A coordinator on port 0 (HTTP too) seeded with {@code seeds} (none: it forms the cluster), once it listens. */
  private Node coordinator(String name, String seeds, Map<String, String> env) throws Exception {
    Path dataDir = work.resolve(name);
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>(Distribution.command(List.of("-Xmx512m"), "coordinator", "--host", HOST,
        "--port", "0", "--http-port", "0", "--data-dir", dataDir.toString()));
    command.addAll(BoundPorts.option(work.resolve(name + ".ports")));
    if (!seeds.isEmpty()) {
      command.addAll(List.of("--seeds", seeds));
    }
    Process process = Processes.start(command, work, work.resolve(name + ".log"), env);
    nodes.add(new Node(name, process, null, null));
    BoundPorts bound = BoundPorts.awaitWritten(work.resolve(name + ".ports"), process, true, work.resolve(name + ".log"));
    Node node = new Node(name, process, bound.cluster(), "http://" + bound.http());
    nodes.set(nodes.size() - 1, node);
    return node;
  }

  /** A worker on port 0 seeded with {@code seeds}. */
  private void worker(String name, String seeds, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", "0", "--seeds", seeds));
    Process process = Processes.start(command, work, work.resolve(name + ".log"), env);
    nodes.add(new Node(name, process, null, null));
  }

  private static void assertFourNodesAndFourLanes(JsonNode cluster) {
    assertThat(cluster.get("nodes")).as(cluster.toString()).hasSize(4);
    cluster.get("nodes").forEach(node -> assertThat(node.get("status").asText()).as(cluster.toString()).isEqualTo("up"));
    assertThat(cluster.get("lanes")).as(cluster.toString()).hasSize(4);
  }

  private void assertAlive() {
    for (Node node : nodes) {
      assertThat(node.process().isAlive()).as("%s exited:%s", node.name(), logs()).isTrue();
    }
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (Node node : nodes) {
      text.append("\n== ").append(node.name()).append('\n')
          .append(Processes.tail(work.resolve(node.name() + ".log"), 3000));
    }
    return text.toString();
  }
}
