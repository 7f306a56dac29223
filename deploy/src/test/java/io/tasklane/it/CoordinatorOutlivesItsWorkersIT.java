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
 * worker here gets the lower port, so the tie would go to the dead side and the coordinator
 * would down itself. With keep-oldest (down-if-alone) the coordinator, the oldest node, keeps
 * running. Ports are chosen so the outcome does not depend on chance.
 */
class CoordinatorOutlivesItsWorkersIT {

  private static final String HOST = "127.0.0.1";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void theCoordinatorStaysUpWhenItsOnlyWorkerIsKilledAndTakesAReplacement() throws Exception {
    int first = Processes.freePort();
    int second = Processes.freePort();
    int workerPort = Math.min(first, second);
    int coordinatorPort = Math.max(first, second);
    int httpPort = Processes.freePort();
    String token = "outlive-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);
    String seeds = HOST + ":" + coordinatorPort + "," + HOST + ":" + workerPort;

    Process coordinator = Processes.start(Distribution.command(List.of("-Xmx512m"), "coordinator", "--host", HOST,
        "--port", Integer.toString(coordinatorPort), "--seeds", seeds, "--http-port", Integer.toString(httpPort),
        "--data-dir", work.resolve("data").toString()), work, work.resolve("coordinator.log"), env);
    processes.add(coordinator);
    List<String> workerCommand = Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", Integer.toString(workerPort), "--seeds", seeds);
    Process worker = Processes.start(workerCommand, work, work.resolve("worker.log"), env);
    processes.add(worker);

    Api api = new Api("http://" + HOST + ":" + httpPort, token);
    awaitLanes(api, 2);

    Processes.kill9(worker.pid());

    // Long enough for failure detection and the resolver's decision (stable-after 7 s).
    await("the coordinator stays up").during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .failFast("the coordinator exited after its worker was killed", () -> assertThat(coordinator.isAlive())
            .as(() -> "coordinator alive; its log:\n" + Processes.tail(work.resolve("coordinator.log"), 2500)).isTrue())
        .until(coordinator::isAlive);

    processes.add(Processes.start(workerCommand, work, work.resolve("worker-replacement.log"), env));
    awaitLanes(api, 2);
    String jobId = api.submit("""
        {"name": "after-the-loss", "tasks": [{"id": "n", "type": "noop", "repeat": 10, "input": {"v": "${i}"}}]}
        """);
    assertThat(api.awaitEnded(jobId, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
    assertThat(api.resultsById(jobId, 10)).containsKeys("n-0", "n-9");
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
