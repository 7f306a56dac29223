package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-plane race of {@link ControlPlaneRacesIT} that needs two coordinators: cancels sent
 * to the survivor while the other coordinator, which holds jobs, is killed (-9) and its jobs fail
 * over. Every job ends cancelled, once (one cancel event in the shared PostgreSQL journal, read
 * directly), and its answers, results and the execution ledger agree. Needs PostgreSQL:
 * TASKLANE_TEST_PG_URL / _USER / _PASSWORD ({@code eval "$(.ci/postgres.sh)"}).
 */
class CancelDuringFailoverIT {

  private static final String HOST = "127.0.0.1";
  private static final int JOBS = 8;

  private record Node(String name, Process process, String address, String http) {}

  @TempDir Path work;
  private final Steps steps = new Steps("CancelDuringFailoverIT");
  private final List<Node> nodes = new ArrayList<>();
  private FreshPostgres postgres;

  @BeforeEach
  void freshDatabase() throws Exception {
    postgres = FreshPostgres.create("CancelDuringFailoverIT", "tasklane_cancel");
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
  void cancelsSentWhileTheirCoordinatorFailsOverEndEachJobCancelledOnce() throws Exception {
    String token = "cancel-failover-" + Long.toHexString(System.nanoTime());
    String jdbcUrl = postgres.jdbcUrl();
    Path plugins = work.resolve("plugins");
    PluginJar.write(plugins);
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token, "TASKLANE_JDBC_URL", jdbcUrl,
        "TASKLANE_JDBC_USER", postgres.user(), "TASKLANE_JDBC_PASSWORD", postgres.password(), "TASKLANE_PLUGIN_DIR", plugins.toString());
    int[] ports = {Processes.freePort(), Processes.freePort(), Processes.freePort(), Processes.freePort()};
    String seeds = HOST + ":" + ports[0] + "," + HOST + ":" + ports[1] + "," + HOST + ":" + ports[2] + "," + HOST + ":" + ports[3];
    Node a = coordinator("coordinator-a", ports[0], seeds, env);
    Node b = coordinator("coordinator-b", ports[1], seeds, env);
    worker("worker-1", ports[2], seeds, env);
    worker("worker-2", ports[3], seeds, env);
    Api apiA = new Api(a.http(), token);
    Api apiB = new Api(b.http(), token);
    for (Api api : List.of(apiA, apiB)) {
      await(api.server() + " sees 4 nodes and 4 lanes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .failFast("a node exited", this::assertAlive).ignoreExceptions()
          .untilAsserted(() -> {
            JsonNode cluster = api.cluster();
            assertThat(cluster.get("nodes")).as(cluster.toString()).hasSize(4);
            assertThat(cluster.get("lanes")).as(cluster.toString()).hasSize(4);
          });
    }
    Ledger ledger = new Ledger(work.resolve("ledger.jsonl"));
    Journal journal = Journal.at(jdbcUrl, postgres.user(), postgres.password());
    // every task works until the test releases it: however long the failover takes, the cancels
    // find the jobs running
    Path release = work.resolve("release");
    List<String> jobs = new ArrayList<>();
    for (int j = 0; j < JOBS; j++) {
      jobs.add(apiA.submit(DeliveryCheck.specUntil(ledger, "cancel-failover", 6, 1, release)));
    }
    for (String job : jobs) {
      RaceChecks.awaitStarted(ledger, job, 1);
    }
    List<String> onA = new ArrayList<>();
    for (String job : jobs) {
      if (apiB.status(job).get("coordinator").asText().equals(a.address())) {
        onA.add(job);
      }
    }
    steps.log("%d jobs running, %d held by %s: killing it and cancelling every job on %s", JOBS, onA.size(),
        a.name(), b.name());
    assertThat(onA).as("jobs held by the coordinator to kill").isNotEmpty();

    List<Callable<List<HttpResponse<String>>>> cancels = new ArrayList<>();
    jobs.forEach(job -> cancels.add(() -> cancelUntilAnswered(apiB, job)));
    cancels.add(() -> {
      Processes.kill9(a.process().pid());
      return List.of();
    });
    var answers = Together.fire(cancels);
    for (int j = 0; j < JOBS; j++) {
      String job = jobs.get(j);
      var outcome = answers.get(j);
      assertThat(outcome.value()).as("%s: %s", job, outcome.failure()).isNotNull();
      List<HttpResponse<String>> tries = outcome.value();
      HttpResponse<String> last = tries.get(tries.size() - 1);
      steps.log("%s (%s): %s", job, onA.contains(job) ? "failed over" : "stayed",
          tries.stream().map(HttpResponse::statusCode).toList());
      // what a client sees on its way: answers in time (202 or 200) or "retry" (503), nothing else
      tries.forEach(attempt -> assertThat(attempt.statusCode()).as("%s: %s", job, attempt.body()).isIn(200, 202, 503));
      JsonNode body = Api.JSON.readTree(last.body());
      assertThat(body.get("state").asText()).as(last.body()).isEqualTo("cancelled");
      assertThat(tries.stream().filter(attempt -> attempt.statusCode() == 202)).as("%s: 202s", job)
          .hasSizeLessThanOrEqualTo(1);
      // a coordinator crash requeues what it had in flight: a task may run again, but only until the cancel
      JsonNode status = RaceChecks.assertOneEnd(apiB, journal, ledger, job, DeliveryCheck.ids(6, 1), 2);
      assertThat(status.get("state").asText()).isEqualTo("cancelled");
      assertThat(status.get("coordinator").asText()).isEqualTo(b.address());
    }
    // what the killed coordinator had sent to the workers is stopped too, not left to run: no
    // task can end before the release, so every execution must come to its "stopped" line
    try {
      await("every execution stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> {
            List<String> running = new ArrayList<>();
            for (String job : jobs) {
              long cancelledAt = journal.events(job, "JobCancelled").get(0).payload().get("at").asLong();
              ledger.executions(job).values().forEach(runs -> runs.stream().filter(run -> run.stopped() == 0)
                  .forEach(run -> running.add(run + ", its job cancelled " + (cancelledAt - run.start()) + " ms after its start")));
            }
            assertThat(running).as("executions still running after their job was cancelled").isEmpty();
          });
    } finally {
      Files.createFile(release); // what still runs (a failure above) ends
    }
  }

  /** DELETE until the job answers (202 or 200); a 503 (the coordinator did not answer in time) is retried. */
  private static List<HttpResponse<String>> cancelUntilAnswered(Api api, String job) throws Exception {
    List<HttpResponse<String>> tries = new ArrayList<>();
    await(job + " cancelled").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      HttpResponse<String> answer = api.send(api.request("/api/jobs/" + job).DELETE().build());
      tries.add(answer);
      return answer.statusCode() != 503;
    });
    return tries;
  }

  private Node coordinator(String name, int port, String seeds, Map<String, String> env) throws Exception {
    Path dataDir = work.resolve(name);
    Files.createDirectories(dataDir);
    int httpPort = Processes.freePort();
    List<String> command = Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", Integer.toString(port), "--seeds", seeds, "--http-port", Integer.toString(httpPort),
        "--data-dir", dataDir.toString());
    Node node = new Node(name, Processes.start(command, work, work.resolve(name + ".log"), env), HOST + ":" + port,
        "http://" + HOST + ":" + httpPort);
    nodes.add(node);
    return node;
  }

  private void worker(String name, int port, String seeds, Map<String, String> env) throws Exception {
    List<String> command = Distribution.command(List.of("-Xmx256m"), "worker", "--host", HOST,
        "--port", Integer.toString(port), "--seeds", seeds);
    nodes.add(new Node(name, Processes.start(command, work, work.resolve(name + ".log"), env), HOST + ":" + port, null));
  }

  private void assertAlive() {
    for (Node node : nodes) {
      assertThat(node.process().isAlive()).as("%s exited:%s", node.name(), Processes.tail(work.resolve(node.name() + ".log"), 3000))
          .isTrue();
    }
  }
}
