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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker JVMs, one with the test plugin in its plugins folder and one without: tasks of a
 * type go only to workers that offer it (and wait, saying so, while none does); {@code lane:
 * auto} puts a hashing type in the CPU lane and a sleeping type in the I/O lane, as each result's
 * lane says; exec, allowed by neither worker, is refused at submit saying how to allow it.
 */
class TypedDispatchIT {

  private static final String HOST = "127.0.0.1";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();
  private String seeds;
  private Map<String, String> env;

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(processes.stream().map(Process::pid).toList(), 20);
  }

  @Test
  void tasksGoOnlyToWorkersThatOfferTheirTypeAndAutoTypesRunInTheLaneTheirRunsChose() throws Exception {
    env = Map.of("TASKLANE_TOKEN", "typed-" + Long.toHexString(System.nanoTime()));
    // every node on port 0, its ports read back from the file it writes
    Process coordinator = Processes.start(Distribution.command(List.of("-Xmx384m"), "coordinator", "--host", HOST,
        "--port", "0", "--http-port", "0", "--ports-file", work.resolve("coordinator.ports").toString(),
        "--data-dir", work.resolve("data").toString()), work, work.resolve("coordinator.log"), env);
    processes.add(coordinator);
    BoundPorts bound = BoundPorts.awaitWritten(work.resolve("coordinator.ports"), coordinator, true,
        work.resolve("coordinator.log"));
    seeds = bound.cluster();
    startWorker("plain", false);
    Process withPlugin = startWorker("plugin", true);
    String pluginWorker = address("plugin", withPlugin);

    Api api = new Api("http://" + bound.http(), env.get("TASKLANE_TOKEN"));
    awaitLanes(api, 4);

    // 1. lane: auto (first: the worker has not measured the types yet): the hashing type computes (CPU lane), the sleeping one waits (I/O lane);
    // sha256 tasks that say lane: auto are measured too
    String auto = api.submit("""
        {"name": "auto", "tasks": [
          {"id": "hash", "type": "test.autohash", "repeat": 12, "input": {"rounds": 200000}},
          {"id": "nap", "type": "test.autonap", "repeat": 300, "input": {"ms": 200}},
          {"id": "sha", "type": "sha256", "lane": "auto", "repeat": 8, "input": {"iterations": 100000}}]}
        """);
    assertThat(api.awaitEnded(auto, Duration.ofSeconds(120)).get("state").asText()).isEqualTo("succeeded");
    Map<String, JsonNode> autoResults = api.resultsById(auto, 320);
    List<JsonNode> naps = autoResults.values().stream().filter(r -> r.get("type").asText().equals("test.autonap")).toList();
    long napsOnCpu = naps.stream().filter(r -> r.get("lane").asText().equals("cpu")).count();
    assertThat(naps).hasSize(300).allSatisfy(r -> assertThat(r.get("worker").asText()).isEqualTo(pluginWorker));
    // the CPU lane only ran the probes before the worker chose: a few runners' worth, not 300
    assertThat(napsOnCpu).as("naps run in the CPU lane while the type was measured").isBetween(1L, 20L);
    assertThat(autoResults.values().stream().filter(r -> r.get("type").asText().equals("test.autohash")))
        .hasSize(12).allSatisfy(r -> assertThat(r.get("lane").asText()).isEqualTo("cpu"));
    assertThat(autoResults.values().stream().filter(r -> r.get("type").asText().equals("sha256")))
        .hasSize(8).allSatisfy(r -> assertThat(r.get("lane").asText()).isEqualTo("cpu"));

    // 2. a plugin type only one worker offers runs there only (noop beside it wherever)
    String mixed = api.submit("""
        {"name": "typed", "tasks": [
          {"id": "nap", "type": "test.autonap", "lane": "io", "repeat": 40, "input": {"ms": 20}},
          {"id": "noop", "type": "noop", "repeat": 400, "input": {}}]}
        """);
    assertThat(api.awaitEnded(mixed, Duration.ofSeconds(90)).get("state").asText()).isEqualTo("succeeded");
    Map<String, JsonNode> results = api.resultsById(mixed, 440);
    assertThat(results.values().stream().filter(r -> r.get("type").asText().equals("test.autonap")))
        .hasSize(40).allSatisfy(r -> assertThat(r.get("worker").asText()).isEqualTo(pluginWorker));
    assertThat(results.values().stream().filter(r -> r.get("type").asText().equals("noop")))
        .hasSize(400).allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("succeeded"));

    // 3. the type's only worker leaves mid-job: its tasks wait, the status says so, and they run
    // once it is back
    String stranded = api.submit("""
        {"name": "stranded", "tasks": [
          {"id": "nap", "type": "test.autonap", "repeat": 20, "input": {"ms": 3000}}]}
        """);
    await("tasks running on the plugin worker").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> api.status(stranded).get("lanes").get("io").get("running").asInt() > 0);
    Processes.kill9(withPlugin.pid());
    await("the job says its tasks wait").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(api.status(stranded).get("waiting").get(0).asText())
            .isEqualTo("20 tasks of type test.autonap (lane: auto) wait for a worker that offers it"));
    String again = address("plugin-again", startWorker("plugin-again", true));
    JsonNode ended = api.awaitEnded(stranded, Duration.ofSeconds(120));
    assertThat(ended.get("state").asText()).isEqualTo("succeeded");
    assertThat(ended.has("waiting")).isFalse();
    assertThat(api.resultsById(stranded, 20).values())
        .allSatisfy(r -> assertThat(r.get("worker").asText()).isEqualTo(again));

    // 4. exec is offered by no worker here (neither allows it): refused at submit, saying how
    HttpResponse<String> refused = api.postJob("""
        {"tasks": [{"id": "ls", "type": "exec", "input": {"argv": ["ls"]}}]}
        """);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("unknown task type 'exec'").contains("--allow-exec");
  }

  /** A worker on port 0, its log {@code name.log}, its ports in {@code name.ports}. */
  private Process startWorker(String name, boolean plugin) throws Exception {
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    if (plugin) {
      PluginJar.write(dir.resolve("plugins"));
    }
    Process worker = Processes.start(Distribution.command(List.of("-Xmx384m"), "worker", "--host", HOST,
        "--port", "0", "--ports-file", work.resolve(name + ".ports").toString(), "--seeds", seeds), dir,
        work.resolve(name + ".log"), env);
    processes.add(worker);
    return worker;
  }

  /** The cluster address the worker {@code name} bound. */
  private String address(String name, Process worker) {
    return BoundPorts.awaitWritten(work.resolve(name + ".ports"), worker, false, work.resolve(name + ".log")).cluster();
  }

  private static void awaitLanes(Api api, int count) {
    await("the workers' lanes registered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(api.cluster().get("lanes")).hasSize(count));
  }
}
