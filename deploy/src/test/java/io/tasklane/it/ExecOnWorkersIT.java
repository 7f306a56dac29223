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
    int coordinatorPort = Processes.freePort();
    int workerPort = Processes.freePort();
    int httpPort = Processes.freePort();
    String token = "exec-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);
    String seeds = HOST + ":" + coordinatorPort;
    processes.add(Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", Integer.toString(coordinatorPort), "--http-port", Integer.toString(httpPort),
        "--data-dir", work.resolve("data").toString()), work, work.resolve("coordinator.log"), env));
    Process plain = Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", Integer.toString(workerPort), "--seeds", seeds), work, work.resolve("worker.log"), env);
    processes.add(plain);

    Api api = new Api("http://" + HOST + ":" + httpPort, token);
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
    int listedPort = Processes.freePort();
    Map<String, String> listed = Map.of("TASKLANE_TOKEN", token, "TASKLANE_ALLOW_EXEC", "sh,/bin/nothing");
    processes.add(Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", Integer.toString(listedPort), "--seeds", seeds), work, work.resolve("worker-listed.log"), listed));
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
