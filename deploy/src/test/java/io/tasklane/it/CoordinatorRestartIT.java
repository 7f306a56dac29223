package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the only coordinator mid-job (H2 file journal), then the same command line again:
 * the restarted coordinator rejoins its workers, recovers the job from the journal, and the
 * job ends with every task's result, each recorded once. An open job keeps the tasks appended
 * to it before the crash (those in flight then run again) and takes more after it.
 */
class CoordinatorRestartIT {

  private static final int NAPS = 3000;
  private static final int HASHES = 200;
  private static final String JOB = """
      {"name": "coordinator-restart", "defaults": {"timeout": "60s", "retries": 0},
       "tasks": [
         {"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 2000}},
         {"id": "hash", "type": "sha256", "repeat": %d, "input": {"iterations": 40000}}
       ]}
      """.formatted(NAPS, HASHES);

  @TempDir Path work;
  private final Steps steps = new Steps("CoordinatorRestartIT");

  @Test
  void aRestartedCoordinatorResumesTheJobAndRecordsEveryResultOnce() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of())) {
      steps.log("cluster up");
      Api api = cluster.api();
      String jobId = api.submit(JOB);
      String open = api.submit("{\"name\": \"stream\", \"open\": true}");
      JsonNode done = Api.JSON.readTree(api.appendTasks(open, true,
          "{\"tasks\": [{\"type\": \"noop\", \"repeat\": 10, \"input\": {\"v\": \"${i}\"}}]}").body());
      assertThat(done.get("results")).as(done.toString()).hasSize(10);
      HttpResponse<String> napping = api.appendTasks(open, false,
          "{\"tasks\": [{\"type\": \"sleep\", \"repeat\": 20, \"input\": {\"ms\": 2000}}]}");
      assertThat(napping.statusCode()).as(napping.body()).isEqualTo(202);

      // Mid-job: some results recorded, tasks in flight on the workers, most still to do.
      JsonNode[] before = new JsonNode[1];
      await("the job under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            before[0] = api.status(jobId);
            return before[0].at("/lanes/cpu/succeeded").asInt() + before[0].at("/lanes/io/succeeded").asInt() > 0
                && before[0].at("/lanes/io/running").asInt() + before[0].at("/lanes/cpu/running").asInt() > 0;
          });
      assertThat(before[0].get("state").asText()).isEqualTo("running");

      LocalCluster.Node coordinator = cluster.coordinator();
      List<String> command = Processes.commandLine(coordinator.pid());
      assertThat(command).contains("coordinator");
      steps.log("job %s under way: %s", jobId, before[0]);
      Processes.kill9(coordinator.pid());
      Process restarted = cluster.restart(command, work.resolve(".tasklane/logs/coordinator-restarted.log"));
      steps.log("coordinator killed (-9) and started again (pid %s)", restarted.pid());

      JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(180));
      steps.log("job ended: %s", status);
      assertThat(restarted.isAlive()).as("the restarted coordinator runs").isTrue();
      assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs()).isEqualTo("succeeded");
      assertThat(status.get("total").asInt()).isEqualTo(NAPS + HASHES);
      assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(NAPS);
      assertThat(status.at("/lanes/cpu/succeeded").asInt()).isEqualTo(HASHES);

      Map<String, JsonNode> results = api.resultsById(jobId, NAPS + HASHES);
      Set<String> digests = new HashSet<>();
      for (int i = 0; i < NAPS; i++) {
        JsonNode nap = results.get("nap-" + i);
        assertThat(nap).as("nap-%s", i).isNotNull();
        assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
        assertThat(nap.at("/output/sleptMs").asInt()).as(nap.toString()).isEqualTo(2000);
      }
      for (int i = 0; i < HASHES; i++) {
        JsonNode hash = results.get("hash-" + i);
        assertThat(hash).as("hash-%s", i).isNotNull();
        assertThat(hash.get("status").asText()).as(hash.toString()).isEqualTo("succeeded");
        digests.add(hash.at("/output/hex").asText());
      }
      assertThat(digests).as("one input, one digest").hasSize(1);

      // The open job: its appended tasks were recovered; it takes more, and ends once closed.
      HttpResponse<String> more = api.appendTasks(open, true, "{\"tasks\": [{\"type\": \"noop\", \"repeat\": 5}]}");
      assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
      assertThat(Api.JSON.readTree(more.body()).get("first").asInt()).as("%s%s", more.body(), cluster.logs()).isEqualTo(30);
      assertThat(api.close(open)
          .statusCode()).isEqualTo(200);
      JsonNode openEnd = api.awaitEnded(open, Duration.ofSeconds(60));
      assertThat(openEnd.get("state").asText()).as(openEnd.toString()).isEqualTo("succeeded");
      assertThat(openEnd.at("/lanes/io/succeeded").asInt()).isEqualTo(35);
      assertThat(api.resultsById(open, 35)).containsKeys("0", "10", "29", "34");

      // The restarted coordinator serves new jobs too.
      String next = api.submit("""
          {"name": "after-restart", "tasks": [{"id": "n", "type": "noop", "repeat": 10, "input": {"v": "${i}"}}]}
          """);
      assertThat(api.awaitEnded(next, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
      assertThat(api.resultsById(next, 10)).containsKeys("n-0", "n-9");
    }
  }
}
