package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS cluster as docs/security.md sets one up: {@code certs init}, a coordinator and a worker
 * with {@code --tls-dir}, a job submitted over HTTPS with {@code --ca-file}. A node with material
 * from another CA cannot join: its handshake fails (its log says so) and the membership does not
 * change. The health endpoints answer without a token, and say nothing but up and ready.
 */
class TlsClusterIT {

  private static final String HOST = "127.0.0.1";
  private static final int SHAS = 6;
  private static final String JOB = """
      name: over-tls
      tasks:
        - id: sha
          type: sha256
          repeat: %d
          input: {iterations: 20000}
        - id: nap
          type: sleep
          input: {ms: 200}
      """.formatted(SHAS);

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();
  private final Steps steps = new Steps("TlsClusterIT");

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void aTlsClusterRunsAJobOverHttpsAndANodeFromAnotherCaCannotJoin() throws Exception {
    Tasklane.Result init = Distribution.run(work, Map.of(), 120, "certs", "init", "--dir", "tls", "--hosts", "localhost");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.stdout()).contains("ca.pem").contains("node.p12");
    Tasklane.Result other = Distribution.run(work, Map.of(), 120, "certs", "init", "--dir", "other");
    assertThat(other.exitCode()).as(other.stderr()).isZero();
    steps.log("material made");

    // the nodes on port 0, their ports read back from the files they write; the health port is fixed (0 = none)
    int healthPort = Processes.freePort();
    String token = "tls-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);
    Process coordinatorProcess = Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", "0", "--http-port", "0", "--ports-file", "coordinator.ports",
        "--data-dir", "data", "--tls-dir", "tls"), work, work.resolve("coordinator.log"), env);
    processes.add(coordinatorProcess);
    BoundPorts coordinator = BoundPorts.awaitWritten(work.resolve("coordinator.ports"), coordinatorProcess, true,
        work.resolve("coordinator.log"));
    String seeds = coordinator.cluster();
    int httpPort = Integer.parseInt(coordinator.http().substring(coordinator.http().lastIndexOf(':') + 1));
    // the worker takes its directory from the environment, as a container would
    Process workerProcess = Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", "0", "--ports-file", "worker.ports", "--seeds", seeds, "--health-port", Integer.toString(healthPort)),
        work, work.resolve("worker.log"), Map.of("TASKLANE_TLS_DIR", work.resolve("tls").toString()));
    processes.add(workerProcess);

    String server = "https://" + HOST + ":" + httpPort;
    Api api = new Api(server, token, CaContext.trusting(work.resolve("tls/ca.pem")));
    String worker = BoundPorts.awaitWritten(work.resolve("worker.ports"), workerProcess, false, work.resolve("worker.log"))
        .cluster();
    awaitMembers(api, Set.of(seeds, worker));
    steps.log("cluster up over TLS");
    assertThat(Processes.tail(work.resolve("coordinator.log"), 200_000)).contains("Artery tls-tcp")
        .contains("HTTP API on https://");

    Files.writeString(work.resolve("job.yaml"), JOB);
    Tasklane.Result untrusted = Distribution.run(work, env, 120, "jobs", "--server", server);
    assertThat(untrusted.exitCode()).as("no --ca-file: %s", untrusted.stdout()).isEqualTo(3);
    assertThat(untrusted.stderr()).contains("the TLS handshake failed").contains("--ca-file");
    Tasklane.Result submitted = Distribution.run(work, env, 180, "submit", "job.yaml", "--wait", "-o", "json",
        "--server", "https://localhost:" + httpPort, "--ca-file", "tls/ca.pem");
    assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
    steps.log("job ran through HTTPS");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : submitted.lines()) {
      lines.add(Api.JSON.readTree(line));
    }
    assertThat(lines).hasSize(SHAS + 1).allSatisfy(result -> {
      assertThat(result.get("status").asText()).isEqualTo("succeeded");
      assertThat(result.get("worker").asText()).isEqualTo(worker);
    });
    JsonNode job = Api.JSON.readTree(api.get("/api/jobs").body()).get("jobs").get(0);
    assertThat(job.get("name").asText()).isEqualTo("over-tls");
    String jobId = job.get("id").asText();
    assertThat(api.resultsById(jobId, SHAS + 1)).as("each task once").containsKeys("sha-0", "sha-5", "nap");

    // the warm-up's requests go to the node's own API over HTTPS (trusting the cluster's CA), unlisted
    HttpResponse<String> warmUp = api.send(HttpRequest.newBuilder(
            URI.create(server + "/api/cluster/warm-up?jobs=1&tasks=100&requests=30"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(warmUp.statusCode()).as(warmUp.body()).isEqualTo(200);
    assertThat(Api.JSON.readTree(warmUp.body()).get("requests").asInt()).as(warmUp.body()).isEqualTo(30);
    assertThat(Api.JSON.readTree(api.get("/api/jobs").body()).get("jobs")).as("the warm-up's jobs are unlisted").hasSize(1);
    steps.log("warm-up over HTTPS: %s", warmUp.body());

    assertHealth(api, server + "/health", "the coordinator's API port");
    assertHealth(api, "https://" + HOST + ":" + healthPort + "/health", "the worker's health port");
    HttpResponse<String> noToken = api.send(HttpRequest.newBuilder(URI.create(server + "/api/cluster")).GET().build());
    assertThat(noToken.statusCode()).as("the API still wants the token").isEqualTo(401);

    Path foreignLog = work.resolve("foreign.log");
    processes.add(Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", "0", "--seeds", seeds, "--tls-dir", "other"), work, foreignLog, Map.of()));
    await("the foreign node's handshake fails").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> Processes.tail(foreignLog, 200_000).contains("SSLHandshakeException"));
    steps.log("foreign node refused: %s", Processes.tail(foreignLog, 200_000).lines()
        .filter(line -> line.contains("SSLHandshakeException")).findFirst().orElse(""));
    assertThat(members(api)).as("membership unchanged").containsExactlyInAnyOrder(seeds, worker);
    JsonNode lanes = api.cluster().get("lanes");
    lanes.forEach(lane -> assertThat(lane.get("worker").asText()).isEqualTo(worker));
  }

  private static void assertHealth(Api api, String base, String where) throws Exception {
    for (String probe : List.of("live", "ready")) {
      HttpResponse<String> answer = api.send(HttpRequest.newBuilder(URI.create(base + "/" + probe)).GET().build());
      assertThat(answer.statusCode()).as("%s %s", where, probe).isEqualTo(200);
      assertThat(answer.body()).as("%s %s", where, probe).isEqualTo(probe.equals("live")
          ? "{\"status\":\"up\"}" : "{\"status\":\"ready\"}");
    }
  }

  private static Set<String> members(Api api) throws Exception {
    Set<String> nodes = new HashSet<>();
    api.cluster().get("nodes").forEach(node -> nodes.add(node.get("address").asText()));
    return nodes;
  }

  private static void awaitMembers(Api api, Set<String> expected) {
    await("members " + expected).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> {
          assertThat(members(api)).isEqualTo(expected);
          assertThat(api.cluster().get("lanes")).hasSize(2);
        });
  }
}
