package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split that a loaded machine made by chance, forced: kill -9 of the coordinator mid-job,
 * then the same command line with seeds = only itself, so it surely forms a new cluster without
 * its workers. The workers' side of the old cluster has no coordinator, so their Split Brain
 * Resolver downs them (about 13 s after the kill; before Tasklane's own resolver decision they
 * downed the dead coordinator and waited rejoin-after, 15 s, with no coordinator in their cluster);
 * they start fresh nodes in their JVMs that join the seeds again; the job ends, every task
 * recorded once.
 */
class WorkersRejoinIT {

  private static final int NAPS = 20;
  private static final String JOB = """
      {"name": "workers-rejoin", "defaults": {"timeout": "60s", "retries": 0},
       "tasks": [{"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 15000}}]}
      """.formatted(NAPS);

  @TempDir Path work;
  private final Steps steps = new Steps("WorkersRejoinIT");

  @Test
  void workersLeftInTheOldClusterRejoinACoordinatorThatFormedANewOne() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of())) {
      steps.log("cluster up");
      Api api = cluster.api();
      Set<String> workers = new HashSet<>();
      cluster.workers().forEach(worker -> workers.add(worker.address()));
      List<Long> workerPids = cluster.workers().stream().map(LocalCluster.Node::pid).toList();

      String jobId = api.submit(JOB);
      await("naps in flight").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> api.status(jobId).at("/lanes/io/running").asInt() > 0);

      LocalCluster.Node coordinator = cluster.coordinator();
      List<String> command = new ArrayList<>(Processes.commandLine(coordinator.pid()));
      int seeds = command.indexOf("--seeds");
      assertThat(seeds).as("%s", command).isPositive();
      command.set(seeds + 1, coordinator.address());
      Processes.kill9(coordinator.pid());
      Process restarted = cluster.restart(command, work.resolve(".tasklane/logs/coordinator-alone.log"));
      steps.log("coordinator killed (-9) and started again with seeds = only itself (pid %s)", restarted.pid());

      await("both workers back in the coordinator's cluster").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .untilAsserted(() -> {
            JsonNode view = api.cluster();
            Set<String> nodes = new HashSet<>();
            view.get("nodes").forEach(node -> nodes.add(node.get("address").asText()));
            Set<String> lanes = new HashSet<>();
            view.get("lanes").forEach(lane -> lanes.add(lane.get("worker").asText()));
            assertThat(nodes).containsAll(workers);
            assertThat(lanes).isEqualTo(workers);
          });
      steps.log("both workers rejoined");
      for (long pid : workerPids) {
        assertThat(Processes.alive(pid)).as("worker %s rejoined in its own JVM", pid).isTrue();
      }
      // the whole logs: a fresh node logs its start after the line, past what logs() keeps of a log
      String workerLogs = cluster.workerLogs();
      // by whichever comes first on this machine: their resolver downing their side, which has no
      // coordinator (~13 s), or rejoin-after with no coordinator in their cluster (15 s)
      assertThat(workerLogs).as("the workers' logs").containsPattern(
          "removed from the cluster \\(downed\\): starting a fresh node|no coordinator reachable for .*starting a fresh node");
      workerLogs.lines().filter(line -> line.contains("fresh node")).forEach(line -> steps.log("%s", line));

      JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
      steps.log("job ended: %s", status);
      assertThat(restarted.isAlive()).as("the restarted coordinator runs").isTrue();
      assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs()).isEqualTo("succeeded");
      assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(NAPS);
      Map<String, JsonNode> results = api.resultsById(jobId, NAPS);
      for (int i = 0; i < NAPS; i++) {
        JsonNode nap = results.get("nap-" + i);
        assertThat(nap).as("nap-%s", i).isNotNull();
        assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
        assertThat(workers).contains(nap.get("worker").asText());
      }
    }
  }
}
