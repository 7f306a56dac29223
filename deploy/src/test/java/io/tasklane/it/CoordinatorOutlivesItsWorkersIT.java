package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator must survive the loss of its workers: with one coordinator and one worker,
 * kill -9 of the worker leaves a 1:1 split, which keep-majority breaks by address order. The
 * worker here has the lower address, so the tie would go to the dead side and the coordinator
 * would down itself. Tasklane's resolver keeps the side with a coordinator, so it keeps
 * running. The worker's address is the lower one by its host (127.0.0.1 below the coordinator's
 * 127.0.0.2; Pekko orders addresses by host, then port), so the outcome does not depend on the
 * ports, which both nodes pick themselves (port 0).
 */
class CoordinatorOutlivesItsWorkersIT {

  private static final String WORKER_HOST = "127.0.0.1";
  private static final String COORDINATOR_HOST = "127.0.0.2";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void theCoordinatorStaysUpWhenItsOnlyWorkerIsKilledAndTakesAReplacement() throws Exception {
    String token = "outlive-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);

    Path coordinatorLog = work.resolve("coordinator.log");
    Process coordinator = Processes.start(Distribution.command(List.of("-Xmx512m"), "coordinator",
        "--host", COORDINATOR_HOST, "--port", "0", "--http-port", "0", "--ports-file", "coordinator.ports",
        "--data-dir", work.resolve("data").toString()), work, coordinatorLog, env);
    processes.add(coordinator);
    BoundPorts bound = BoundPorts.awaitWritten(work.resolve("coordinator.ports"), coordinator, true, coordinatorLog);
    List<String> workerCommand = Distribution.command(List.of("-Xmx384m"), "worker", "--host", WORKER_HOST,
        "--port", "0", "--seeds", bound.cluster());
    Process worker = Processes.start(workerCommand, work, work.resolve("worker.log"), env);
    processes.add(worker);

    Api api = new Api("http://" + bound.http(), token);
    awaitLanes(api, 2);

    Processes.kill9(worker.pid());

    // The resolver's decision, as the coordinator's membership shows it: the dead worker removed
    // (downed) while the coordinator stays Up. Had the resolver picked the worker's side, the
    // coordinator would have downed itself and exited instead.
    await("the coordinator removes its dead worker").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .failFast("the coordinator exited after its worker was killed", () -> assertThat(coordinator.isAlive())
            .as(() -> "coordinator alive; its log:\n" + Processes.tail(coordinatorLog, 2500)).isTrue())
        .ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode nodes = api.cluster().get("nodes");
          assertThat(nodes).as(nodes.toString()).hasSize(1);
          assertThat(nodes.get(0).get("address").asText()).isEqualTo(bound.cluster());
          assertThat(nodes.get(0).get("status").asText()).isEqualTo("up");
        });

    processes.add(Processes.start(workerCommand, work, work.resolve("worker-replacement.log"), env));
    awaitLanes(api, 2);
    String jobId = api.submit("""
        {"name": "after-the-loss", "tasks": [{"id": "n", "type": "noop", "repeat": 10, "input": {"v": "${i}"}}]}
        """);
    assertThat(api.awaitEnded(jobId, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
    assertThat(api.resultsById(jobId, 10)).containsKeys("n-0", "n-9");
    assertThat(coordinator.isAlive()).as("the first coordinator ran it all").isTrue();
  }

  private void awaitLanes(Api api, int lanes) {
    await("the worker's lanes registered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode cluster = api.cluster();
          assertThat(cluster.get("lanes")).as(cluster.toString()).hasSize(lanes);
        });
  }
}
