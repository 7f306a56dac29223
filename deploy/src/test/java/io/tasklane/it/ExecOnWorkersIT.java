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
 * {@code tasklane worker} runs no programs unless its operator says so: an exec task sent to a
 * worker started without {@code --allow-exec} fails, saying how to allow it (tasklane run and
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
  void aWorkerStartedWithoutAllowExecRefusesExecTasksSayingHowToAllowThem() throws Exception {
    int coordinatorPort = Processes.freePort();
    int workerPort = Processes.freePort();
    int httpPort = Processes.freePort();
    String token = "exec-" + Long.toHexString(System.nanoTime());
    Map<String, String> env = Map.of("TASKLANE_TOKEN", token);
    String seeds = HOST + ":" + coordinatorPort;
    processes.add(Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", Integer.toString(coordinatorPort), "--http-port", Integer.toString(httpPort),
        "--data-dir", work.resolve("data").toString()), work, work.resolve("coordinator.log"), env));
    processes.add(Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", Integer.toString(workerPort), "--seeds", seeds), work, work.resolve("worker.log"), env));

    Api api = new Api("http://" + HOST + ":" + httpPort, token);
    await("the worker's lanes registered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(api.cluster().get("lanes")).hasSize(2));
    String jobId = api.submit("""
        {"name": "exec-refused", "tasks": [
          {"id": "touch", "type": "exec", "input": {"argv": ["touch", "%s"]}}]}
        """.formatted(work.resolve("touched")));

    assertThat(api.awaitEnded(jobId, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("failed");
    JsonNode result = api.resultsById(jobId, 1).get("touch");
    assertThat(result.get("status").asText()).isEqualTo("failed");
    assertThat(result.get("error").asText())
        .isEqualTo("exec is not allowed on worker " + HOST + ":" + workerPort + ": start it with --allow-exec");
    assertThat(work.resolve("touched")).doesNotExist();
  }
}
