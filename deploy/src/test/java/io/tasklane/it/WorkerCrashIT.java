package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of one of two worker JVMs while a 2,000-task job runs on both: once the Split Brain
 * Resolver removes the dead node, its tasks in flight run on the other worker; every task ends
 * with exactly one result, all succeeded.
 */
class WorkerCrashIT {

  private static final int NAPS = 1000;
  private static final int HASHES = 1000;
  private static final String JOB = """
      {"name": "worker-crash", "defaults": {"timeout": "60s", "retries": 0},
       "tasks": [
         {"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 3000}},
         {"id": "hash", "type": "sha256", "repeat": %d, "input": {"iterations": 20000}}
       ]}
      """.formatted(NAPS, HASHES);

  @TempDir Path work;
  private final Steps steps = new Steps("WorkerCrashIT");

  @Test
  void aKilledWorkersTasksRunOnTheOtherWorkerAndEveryTaskSucceedsOnce() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of())) {
      steps.log("cluster up");
      Api api = cluster.api();
      Set<String> workers = new HashSet<>();
      cluster.workers().forEach(worker -> workers.add(worker.address()));

      String jobId = api.submit(JOB);
      // The victim: a worker that has tasks in flight right now (the broker lent it credit).
      String[] victimAddress = new String[1];
      await("a worker with tasks in flight").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (api.status(jobId).at("/lanes/io/running").asInt() == 0) {
              return false;
            }
            int most = 0;
            for (JsonNode lane : api.cluster().get("lanes")) {
              if (lane.get("lane").asText().equals("io") && lane.get("busy").asInt() > most) {
                most = lane.get("busy").asInt();
                victimAddress[0] = lane.get("worker").asText();
              }
            }
            return most > 0;
          });
      LocalCluster.Node victim = cluster.workers().stream()
          .filter(worker -> worker.address().equals(victimAddress[0])).findFirst().orElseThrow();

      steps.log("job %s running; killing worker %s (pid %s)", jobId, victim.address(), victim.pid());
      Processes.kill9(victim.pid());

      JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(90));
      steps.log("job ended: %s", status);
      assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs()).isEqualTo("succeeded");
      assertThat(status.get("total").asInt()).isEqualTo(NAPS + HASHES);
      assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(NAPS);
      assertThat(status.at("/lanes/cpu/succeeded").asInt()).isEqualTo(HASHES);

      Map<String, JsonNode> results = api.resultsById(jobId, NAPS + HASHES);
      Set<String> hashes = new HashSet<>();
      for (int i = 0; i < NAPS; i++) {
        JsonNode nap = results.get("nap-" + i);
        assertThat(nap).as("nap-%s", i).isNotNull();
        assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
        assertThat(nap.at("/output/sleptMs").asInt()).as(nap.toString()).isEqualTo(3000);
        assertThat(workers).contains(nap.get("worker").asText());
      }
      for (int i = 0; i < HASHES; i++) {
        JsonNode hash = results.get("hash-" + i);
        assertThat(hash).as("hash-%s", i).isNotNull();
        assertThat(hash.get("status").asText()).as(hash.toString()).isEqualTo("succeeded");
        hashes.add(hash.at("/output/hex").asText());
      }
      assertThat(hashes).as("one input, one digest").hasSize(1);

      // The dead JVM stays dead, and the cluster forgot it; the other worker is still there.
      assertThat(Processes.alive(victim.pid())).isFalse();
      String survivor = workers.stream().filter(address -> !address.equals(victim.address())).findFirst().orElseThrow();
      await("the dead worker leaves the cluster view").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            JsonNode view = api.cluster();
            Set<String> nodes = new HashSet<>();
            view.get("nodes").forEach(node -> nodes.add(node.get("address").asText()));
            Set<String> lanes = new HashSet<>();
            view.get("lanes").forEach(lane -> lanes.add(lane.get("worker").asText()));
            assertThat(nodes).doesNotContain(victim.address()).contains(survivor);
            assertThat(lanes).containsExactly(survivor);
          });
    }
  }
}
