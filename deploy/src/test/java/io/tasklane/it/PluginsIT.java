package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code tasklane plugins add} reaches every worker (real JVMs): a job of the added type runs on
 * both workers with every result right; broken jars are refused with their name and reason and
 * nothing else stops; after a kill -9 and restart of the coordinator the plugin is still kept,
 * and a worker started then gets it and runs its tasks; {@code remove} makes a new job of the
 * type be refused at submit.
 */
class PluginsIT {

  private static final int TASKS = 24;

  @TempDir Path work;
  private final Steps steps = new Steps("PluginsIT");

  @Test
  void anAddedPluginRunsOnEveryWorkerSurvivesARestartAndIsRemovedEverywhere() throws Exception {
    Path jars = work.resolve("jars");
    Path reverse = UploadedPlugins.jar(jars, "reverse-plugin.jar", List.of("ReverseHandler"),
        UploadedPlugins.provider("ReverseHandler"), "reverse", "1.0");
    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of())) {
      steps.log("cluster up");
      Api api = cluster.api();

      Tasklane.Result added = cluster.tasklane(60, "plugins", "add", reverse.toString());
      assertThat(added.exitCode()).as("%s%s", added.stdout(), added.stderr()).isZero();
      assertThat(added.stdout()).contains("added: reverse 1.0", "it.reverse", "digest: sha256:");
      steps.log("plugin added: %s", added.stdout().strip());

      Set<String> workers = new HashSet<>();
      cluster.workers().forEach(worker -> workers.add(worker.address()));
      String first = awaitAccepted(api, job("first", "it.reverse", TASKS));
      assertThat(reversedCorrectly(api, first, TASKS)).as("workers that ran tasks").isEqualTo(workers);
      String pinned = awaitAccepted(api, job("pinned", "it.reverse@1.0", 4));
      assertThat(reversedCorrectly(api, pinned, 4)).isNotEmpty();
      steps.log("jobs ran on %s", workers);

      refusesBrokenJars(cluster, jars);
      steps.log("broken jars refused");

      LocalCluster.Node coordinator = cluster.coordinator();
      List<String> command = Processes.commandLine(coordinator.pid());
      Processes.kill9(coordinator.pid());
      cluster.restart(command, work.resolve(".tasklane/logs/coordinator-restarted.log"));
      JsonNode listed = await("the plugin listed after the restart").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> pluginList(api), list -> list.path("plugins").size() == 1);
      assertThat(listed.at("/plugins/0/name").asText()).isEqualTo("reverse");
      assertThat(listed.at("/plugins/0/types/0").asText()).isEqualTo("it.reverse");
      steps.log("coordinator restarted; still listed: %s", listed);

      List<String> late = new ArrayList<>(Processes.commandLine(cluster.workers().get(0).pid()));
      late.set(late.indexOf("--port") + 1, "0"); // a new address, read back from the ports file
      late.addAll(BoundPorts.option(work.resolve("worker-late.ports")));
      Path lateLog = work.resolve(".tasklane/logs/worker-late.log");
      String lateAddress = BoundPorts.awaitWritten(work.resolve("worker-late.ports"), cluster.restart(late, lateLog),
          false, lateLog).cluster();
      await("the late worker loaded the plugin").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> Api.JSON.convertValue(pluginList(api).at("/plugins/0/workers"), List.class).contains(lateAddress));
      String after = awaitAccepted(api, job("after-restart", "it.reverse", 3 * TASKS));
      assertThat(reversedCorrectly(api, after, 3 * TASKS)).as("workers that ran tasks").contains(lateAddress);
      steps.log("late worker %s ran tasks of the plugin", lateAddress);

      Tasklane.Result removed = cluster.tasklane(60, "plugins", "remove", "reverse");
      assertThat(removed.exitCode()).as("%s%s", removed.stdout(), removed.stderr()).isZero();
      assertThat(removed.stdout()).contains("removed: reverse 1.0");
      HttpResponse<String> refused = await("a job of the removed type refused").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> api.postJob(job("refused", "it.reverse", 1)), response -> response.statusCode() == 400);
      assertThat(refused.body()).contains("it.reverse");
      assertThat(pluginList(api).path("plugins")).isEmpty();
      steps.log("removed; a new job refused: %s", refused.body());
    }
  }

  /** Each broken jar: exit 2 (CLI) or 400 (API) naming the jar and why; the cluster goes on. */
  private void refusesBrokenJars(LocalCluster cluster, Path jars) throws Exception {
    Path missing = UploadedPlugins.jar(jars, "missing-class-1.0.jar", List.of(),
        UploadedPlugins.provider("NotThere"), null, null);
    Tasklane.Result result = cluster.tasklane(60, "plugins", "add", missing.toString());
    assertThat(result.exitCode()).as("%s%s", result.stdout(), result.stderr()).isEqualTo(2);
    assertThat(result.stderr()).contains("missing-class-1.0.jar", "io.tasklane.it.uploaded.NotThere", "not in the jar");

    Path notAJar = jars.resolve("notes.jar");
    Files.writeString(notAJar, "just some text", StandardCharsets.UTF_8);
    result = cluster.tasklane(60, "plugins", "add", notAJar.toString());
    assertThat(result.exitCode()).as("%s%s", result.stdout(), result.stderr()).isEqualTo(2);
    assertThat(result.stderr()).contains("notes.jar", "not a jar");

    assertRefused(cluster.api(), UploadedPlugins.jar(jars, "throwing-2.0.jar", List.of("ThrowingHandler"),
        UploadedPlugins.provider("ThrowingHandler"), null, null), "no licence key configured");
    assertRefused(cluster.api(), UploadedPlugins.jar(jars, "clash-1.0.jar", List.of("SleepClashHandler"),
        UploadedPlugins.provider("SleepClashHandler"), null, null), "type 'sleep' is already offered");
    assertRefused(cluster.api(), UploadedPlugins.jar(jars, "empty-1.0.jar", List.of("ReverseHandler"), null, null, null),
        "no task handlers");
    assertThat(pluginList(cluster.api()).path("plugins")).as("only the good plugin is kept").hasSize(1);
  }

  private static void assertRefused(Api api, Path jar, String reason) throws Exception {
    String name = jar.getFileName().toString();
    HttpResponse<String> response = api.send(api.request("/api/plugins?file=" + name)
        .header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofFile(jar)).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains("plugin " + name + " refused", reason);
  }

  private static JsonNode pluginList(Api api) throws Exception {
    HttpResponse<String> response = api.get("/api/plugins");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Api.JSON.readTree(response.body());
  }

  private static String job(String name, String type, int tasks) {
    return """
        {"name": "%s", "defaults": {"timeout": "30s", "retries": 0},
         "tasks": [{"id": "r", "type": "%s", "repeat": %d, "input": {"text": "abc-${i}", "ms": 150}}]}
        """.formatted(name, type, tasks);
  }

  /** Submits once every worker offers the type (workers load a plugin in the background); returns the job id. */
  private static String awaitAccepted(Api api, String spec) {
    HttpResponse<String> accepted = await("the job accepted").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> api.postJob(spec), response -> response.statusCode() == 202);
    try {
      return Api.JSON.readTree(accepted.body()).get("id").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(accepted.body(), e);
    }
  }

  /** Waits for the job; asserts every result is right; returns the workers that ran its tasks. */
  private static Set<String> reversedCorrectly(Api api, String jobId, int tasks) throws Exception {
    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("succeeded");
    Map<String, JsonNode> results = api.resultsById(jobId, tasks);
    Set<String> ranOn = new HashSet<>();
    for (int i = 0; i < tasks; i++) {
      JsonNode result = results.get("r-" + i);
      assertThat(result).as("r-%s", i).isNotNull();
      assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded");
      assertThat(result.at("/output/reversed").asText()).isEqualTo(new StringBuilder("abc-" + i).reverse().toString());
      assertThat(result.at("/output/loader").asText()).as("its own class loader").isEqualTo("plugin reverse 1.0");
      ranOn.add(result.get("worker").asText());
    }
    return ranOn;
  }
}
