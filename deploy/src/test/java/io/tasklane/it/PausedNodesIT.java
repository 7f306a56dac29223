package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paused JVMs (SIGSTOP, then SIGCONT), the way a stalled VM, a long GC or a frozen container looks
 * to the cluster. A worker paused until the coordinator removed it comes back in its own process,
 * and what it finished before it was removed is dropped (its tasks ran again elsewhere, each
 * recorded once). A coordinator paused for 30 s finds its workers back within seconds of waking,
 * and its jobs end with every task recorded once.
 */
class PausedNodesIT {

  /** Longest the workers may take to be back once a paused coordinator runs again ("within seconds"). */
  private static final Duration BACK_WITHIN = Duration.ofSeconds(10);
  /** I/O slots per worker: few, so that a job's sleeps spread over both workers. */
  private static final int SLOTS = 5;
  /**
   * The nodes' environment: few I/O slots, and workers at normal CPU priority. This test times
   * seconds after a SIGCONT; a worker whose whole session is niced (the default) waits behind every
   * other process of a busy machine (CI runs two test classes at once), which is not what it checks.
   */
  private static final Map<String, String> ENV =
      Map.of("TASKLANE_IO_MAX_IN_FLIGHT", Integer.toString(SLOTS), "TASKLANE_CPU_PRIORITY", "normal");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work;
  private final Steps steps = new Steps("PausedNodesIT");

  @Test
  void aWorkerPausedUntilItWasRemovedRejoinsAndWhatItFinishedMeanwhileIsDropped() throws Exception {
    // Each worker takes half the naps (SLOTS each), so nothing is queued when the paused one comes back.
    int naps = 2 * SLOTS;
    String job = """
        {"name": "worker-paused", "defaults": {"timeout": "120s", "retries": 0},
         "tasks": [{"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 10000}}]}
        """.formatted(naps);
    try (LocalCluster cluster = LocalCluster.up(work, 2, ENV)) {
      Api api = cluster.api();
      LocalCluster.Node paused = cluster.workers().get(0);
      LocalCluster.Node other = cluster.workers().get(1);
      String jobId = api.submit(job);
      await("naps on both workers").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> busy(api.cluster()).keySet().containsAll(Set.of(paused.address(), other.address())));
      int held = busy(api.cluster()).get(paused.address());
      Processes.signal(paused.pid(), "STOP");
      steps.log("worker %s (pid %s) paused holding %s naps", paused.address(), paused.pid(), held);
      try {
        await("the paused worker removed from the cluster").atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> !members(api.cluster()).containsKey(paused.address()));
        steps.log("removed; its naps are queued again (still paused: its own naps end meanwhile)");
      } finally {
        Processes.signal(paused.pid(), "CONT");
      }
      long resumed = System.nanoTime();
      awaitWorkers(api, cluster, List.of(paused), List.of(other));
      steps.log("the paused worker is back %.1f s after SIGCONT", (System.nanoTime() - resumed) / 1e9);
      assertThat(Processes.alive(paused.pid())).as("it came back in its own JVM").isTrue();
      assertThat(log(cluster, paused)).contains("removed from the cluster (downed)");

      JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(90));
      assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs()).isEqualTo("succeeded");
      Map<String, JsonNode> results = api.resultsById(jobId, naps);
      // Its naps were long over when it woke, and it reported them at once; had the coordinator taken
      // those reports, they would be the first results of those tasks (their copies on the other worker
      // were still sleeping), so no result names it: each nap is recorded once, by the other worker.
      results.values().forEach(nap -> {
        assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
        assertThat(nap.get("worker").asText()).as("late report of the removed worker taken: %s", nap)
            .isEqualTo(other.address());
      });
    }
  }

  @Test
  void aCoordinatorPausedForThirtySecondsFindsItsWorkersBackWithinSecondsAndItsJobEnds() throws Exception {
    String job = """
        {"name": "coordinator-paused", "defaults": {"timeout": "120s", "retries": 0},
         "tasks": [{"id": "short", "type": "sleep", "repeat": 10, "input": {"ms": 3000}},
                   {"id": "long", "type": "sleep", "repeat": 10, "input": {"ms": 25000}},
                   {"id": "hash", "type": "sha256", "repeat": 10, "input": {"iterations": 20000}}]}
        """;
    try (LocalCluster cluster = LocalCluster.up(work, 2, ENV)) {
      Api api = cluster.api();
      LocalCluster.Node coordinator = cluster.coordinator();
      Set<String> workers = new HashSet<>();
      List<Long> workerPids = new ArrayList<>();
      for (LocalCluster.Node worker : cluster.workers()) {
        workers.add(worker.address());
        workerPids.add(worker.pid());
      }
      String jobId = api.submit(job);
      await("naps on both workers").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> busy(api.cluster()).keySet().containsAll(workers));
      Processes.signal(coordinator.pid(), "STOP");
      long pausedAt = System.nanoTime();
      steps.log("coordinator (pid %s) paused", coordinator.pid());
      try {
        // The pause is the scenario, not a wait for an outcome: 30 s, as an operator would see one.
        await("30 s of pause").pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
      } finally {
        Processes.signal(coordinator.pid(), "CONT");
      }
      long resumed = System.nanoTime();
      steps.log("coordinator runs again after %.1f s", (resumed - pausedAt) / 1e9);
      awaitWorkers(api, cluster, cluster.workers(), List.of());
      Duration back = Duration.ofNanos(System.nanoTime() - resumed);
      steps.log("workers back %.1f s after SIGCONT", back.toMillis() / 1e3);
      assertThat(back).as("workers back within seconds of the pause's end").isLessThan(BACK_WITHIN);

      JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(120));
      steps.log("job ended: %s", status);
      assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs()).isEqualTo("succeeded");
      Map<String, JsonNode> results = api.resultsById(jobId, 30);
      results.values().forEach(result -> {
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded");
        assertThat(workers).contains(result.get("worker").asText());
      });
      assertThat(Processes.alive(coordinator.pid())).as("the coordinator outlived its pause").isTrue();
      workerPids.forEach(pid -> assertThat(Processes.alive(pid)).as("worker %s in its own JVM", pid).isTrue());
      for (LocalCluster.Node worker : cluster.workers()) {
        steps.log("%s: %s", worker.address(), log(cluster, worker).lines().filter(line -> line.contains("fresh node")).toList());
      }
    }
  }

  /**
   * Waits until every worker is an Up member offering its lanes, those in {@code fresh} with a node
   * started after their first one (the coordinator may list a stale incarnation for a while: its
   * log, not the list, says which node is in).
   */
  private void awaitWorkers(Api api, LocalCluster cluster, List<LocalCluster.Node> fresh, List<LocalCluster.Node> same) {
    Set<String> workers = new HashSet<>();
    fresh.forEach(worker -> workers.add(worker.address()));
    same.forEach(worker -> workers.add(worker.address()));
    await("workers " + workers + " up with their lanes").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .failFast("a worker JVM exited", () -> {
          for (LocalCluster.Node worker : cluster.workers()) {
            assertThat(Processes.alive(worker.pid())).as("worker %s:%s", worker.pid(), cluster.logs()).isTrue();
          }
        })
        .untilAsserted(() -> {
          for (LocalCluster.Node worker : fresh) {
            String log = log(cluster, worker);
            int restarted = log.lastIndexOf("starting a fresh node");
            assertThat(restarted).as("%s started a fresh node", worker.address()).isPositive();
            assertThat(log.indexOf("Welcome from", restarted)).as("%s's fresh node joined", worker.address()).isPositive();
          }
          JsonNode view = api.cluster();
          Map<String, String> members = members(view);
          Set<String> offering = new HashSet<>();
          view.get("lanes").forEach(lane -> offering.add(lane.get("worker").asText()));
          for (String worker : workers) {
            assertThat(members).as("%s", view).containsEntry(worker, "up");
          }
          assertThat(offering).as("%s", view).containsAll(workers);
        });
  }

  private static String log(LocalCluster cluster, LocalCluster.Node node) {
    return Processes.tail(cluster.work().resolve(node.log()), 1_000_000);
  }

  private static Map<String, String> members(JsonNode cluster) {
    Map<String, String> members = new HashMap<>();
    cluster.get("nodes").forEach(node -> members.put(node.get("address").asText(), node.get("status").asText()));
    return members;
  }

  /** Tasks in flight per worker that has any, as the coordinator counts them. */
  private static Map<String, Integer> busy(JsonNode cluster) {
    Map<String, Integer> busy = new HashMap<>();
    cluster.get("lanes").forEach(lane -> {
      if (lane.get("busy").asInt() > 0) {
        busy.merge(lane.get("worker").asText(), lane.get("busy").asInt(), Integer::sum);
      }
    });
    return busy;
  }
}
