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
 * {@code tasklane worker} runs no programs unless its operator says so: a worker started without
 * {@code --allow-exec} does not offer exec, so a job with exec tasks is refused at submit, saying
 * how to allow it; one started with a
 * list (here through {@code TASKLANE_ALLOW_EXEC}) runs those programs only (tasklane run and
 * local up allow exec: RunCommandIT).
 */
class ExecOnWorkersIT {

  private static final String HOST = "127.0.0.1";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void execIsRefusedAtSubmitWhereNoWorkerAllowsItAndRunsOnlyTheListedProgramsWhereOneDoes() throws Exception {
    String token = "exec-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);
    // every node on port 0, its ports read back from the file it writes
    Path coordinatorLog = work.resolve("coordinator.log");
    Process coordinator = Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", "0", "--http-port", "0", "--ports-file", work.resolve("coordinator.ports").toString(),
        "--data-dir", work.resolve("data").toString()), work, coordinatorLog, env);
    processes.add(coordinator);
    BoundPorts bound = BoundPorts.awaitWritten(work.resolve("coordinator.ports"), coordinator, true, coordinatorLog);
    String seeds = bound.cluster();
    Process plain = startWorker("worker", seeds, env);
    int workerPort = BoundPorts.awaitWritten(work.resolve("worker.ports"), plain, false, work.resolve("worker.log"))
        .clusterPort();

    Api api = new Api("http://" + bound.http(), token);
    awaitOnlyLanesOf(api, workerPort);
    // a worker that does not allow exec does not offer it: the job is refused at submit, saying how
    java.net.http.HttpResponse<String> refused = api.postJob("""
        {"name": "exec-refused", "tasks": [
          {"id": "touch", "type": "exec", "input": {"argv": ["touch", "%s"]}}]}
        """.formatted(work.resolve("touched")));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("unknown task type 'exec'")
        .contains("no live worker allows exec: start workers with --allow-exec");
    assertThat(work.resolve("touched")).doesNotExist();

    // the same worker allowed some programs through the environment: those run, others fail
    Processes.stop(List.of(plain.pid()), 20);
    Map<String, String> listed = Map.of("TASKLANE_TOKEN", token, "TASKLANE_ALLOW_EXEC", "sh,/bin/nothing");
    Process listedWorker = startWorker("worker-listed", seeds, listed);
    int listedPort = BoundPorts.awaitWritten(work.resolve("worker-listed.ports"), listedWorker, false,
        work.resolve("worker-listed.log")).clusterPort();
    awaitOnlyLanesOf(api, listedPort);
    String listedJob = api.submit("""
        {"name": "exec-listed", "tasks": [
          {"id": "sh", "type": "exec", "input": {"argv": ["sh", "-c", "echo allowed; exit 0"]}},
          {"id": "touch", "type": "exec", "input": {"argv": ["touch", "%s"]}}]}
        """.formatted(work.resolve("touched")));
    api.awaitEnded(listedJob, Duration.ofSeconds(60));
    Map<String, JsonNode> results = api.resultsById(listedJob, 2);
    assertThat(results.get("sh").get("status").asText()).as(results.toString()).isEqualTo("succeeded");
    assertThat(results.get("sh").get("output").get("stdout").asText()).isEqualTo("allowed\n");
    assertThat(results.get("touch").get("error").asText())
        .startsWith("program 'touch' is not in --allow-exec on worker " + HOST + ":" + listedPort);
    assertThat(work.resolve("touched")).doesNotExist();
  }

  /** A worker on port 0 seeded with {@code seeds}, its log {@code name.log}, its ports in {@code name.ports}. */
  private Process startWorker(String name, String seeds, Map<String, String> env) throws Exception {
    Process worker = Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", "0", "--ports-file", work.resolve(name + ".ports").toString(), "--seeds", seeds), work,
        work.resolve(name + ".log"), env);
    processes.add(worker);
    return worker;
  }

  /** Waits until the cluster's lanes are the io and cpu lanes of the worker on {@code port} only. */
  private static void awaitOnlyLanesOf(Api api, int port) {
    await("the worker's lanes registered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode lanes = api.cluster().get("lanes");
          assertThat(lanes).as(lanes.toString()).hasSize(2)
              .allSatisfy(lane -> assertThat(lane.get("worker").asText()).isEqualTo(HOST + ":" + port));
        });
  }
}
