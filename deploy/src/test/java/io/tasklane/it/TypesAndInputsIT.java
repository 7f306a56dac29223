package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task types and their inputs against a real local cluster (a coordinator and two worker JVMs):
 * a bad input and an unknown type are refused by {@code tasklane submit} before anything runs,
 * inputs that fit (templates included) run, and {@code tasklane types} shows what the workers offer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypesAndInputsIT {

  @TempDir static Path work;
  private LocalCluster cluster;
  private final Steps steps = new Steps("TypesAndInputsIT");

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.up(work, 2, Map.of());
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void badInputsAndUnknownTypesAreRefusedAtSubmitAndNothingRunsWhileGoodOnesRun() throws Exception {
    Files.writeString(work.resolve("bad-input.yaml"), """
        name: bad-input
        tasks:
          - {id: fine, type: noop, input: {v: 1}}
          - id: nap
            type: sleep
            input: {ms: "abc"}
          - {id: cmd, type: exec, input: {argv: [echo, 3]}}
          - {id: cmd2, type: exec, input: {argv: [echo, 3, 4], env: {N: 5}}}
        """, StandardCharsets.UTF_8);
    Tasklane.Result bad = cluster.tasklane(60, "submit", "bad-input.yaml");
    steps.log("submit bad-input.yaml: exit %d%n%s%s", bad.exitCode(), bad.stdout(), bad.stderr());
    assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(2);
    assertThat(bad.stderr())
        .contains("bad-input.yaml:4: tasks[1].input.ms: must be an integer, got \"abc\" (task 'nap', type sleep)")
        .contains("tasks[2].input.argv[1]: must be a string, got 3 (task 'cmd', type exec)")
        .contains("tasks[3].input.argv[1]: must be a string, got 3 (task 'cmd2', type exec)")
        .contains("tasks[3].input.argv[2]: must be a string, got 4 (task 'cmd2', type exec)")
        .contains("tasks[3].input.env.N: must be a string, got 5 (task 'cmd2', type exec)");

    Files.writeString(work.resolve("unknown-type.yaml"), """
        name: unknown-type
        tasks:
          - {id: beam, type: teleport, input: {to: mars}}
        """, StandardCharsets.UTF_8);
    Tasklane.Result unknown = cluster.tasklane(60, "submit", "unknown-type.yaml");
    assertThat(unknown.exitCode()).as(unknown.stderr()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown-type.yaml:3: tasks[0].type: unknown task type 'teleport'");

    Files.writeString(work.resolve("bad-template.yaml"), """
        name: bad-template
        tasks:
          - {id: f, type: factorial, foreach: {range: [99990, 100010]}, input: {n: "${i}"}}
        """, StandardCharsets.UTF_8);
    Tasklane.Result template = cluster.tasklane(60, "submit", "bad-template.yaml");
    assertThat(template.exitCode()).as(template.stderr()).isEqualTo(2);
    assertThat(template.stderr()).contains(
        "tasks[0].input.n: must be at most 100000, got 100009 (task 'f-19', type factorial)");

    // Nothing of those reached the cluster: no job listed, no task handed to a worker.
    assertThat(jobNames()).as("refused jobs are not listed").isEmpty();
    assertThat(tasksStarted()).as("tasks sent to workers").isZero();

    // Inputs that fit run, placeholders included (a 1,000,000-copy template is checked as two copies).
    Files.writeString(work.resolve("good.yaml"), """
        name: good
        defaults: {timeout: 60s}
        tasks:
          - {id: nap, type: sleep, repeat: 20, input: {ms: "${i}"}}
          - {id: f, type: factorial, foreach: {range: [0, 5]}, input: {n: "${i}"}}
          - {id: hi, type: exec, input: {argv: [echo, hi], env: {A: b}}}
          - {id: any, type: noop, input: {whatever: [1, {x: null}]}}
        """, StandardCharsets.UTF_8);
    Tasklane.Result good = cluster.tasklane(120, "submit", "good.yaml", "--wait", "-o", "json");
    assertThat(good.exitCode()).as("%s%s", good.stdout(), good.stderr()).isZero();
    assertThat(good.lines()).hasSize(27);
    assertThat(tasksStarted()).isEqualTo(27);
    Files.writeString(work.resolve("huge.yaml"), """
        name: huge
        tasks:
          - {id: n, type: sleep, repeat: 1000000, input: {ms: "x${i}"}}
        """, StandardCharsets.UTF_8);
    Tasklane.Result huge = cluster.tasklane(60, "submit", "huge.yaml");
    assertThat(huge.exitCode()).as(huge.stderr()).isEqualTo(2);
    assertThat(huge.stderr()).contains("must be an integer, got \"x0\" (task 'n-0', type sleep)")
        .contains("must be an integer, got \"x999999\" (task 'n-999999', type sleep)");
    assertThat(jobNames()).containsExactly("good");
  }

  @Test
  void typesListsWhatEveryWorkerOffersWithLanesInputsAndWorkers() throws Exception {
    List<String> workers = cluster.workers().stream().map(LocalCluster.Node::address).sorted().toList();
    Tasklane.Result json = cluster.tasklane(60, "types", "-o", "json");
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    JsonNode types = Api.JSON.readTree(json.stdout()).get("types");
    JsonNode sleep = named(types, "sleep");
    assertThat(sleep.get("lane").asText()).isEqualTo("io");
    assertThat(sleep.get("declared").asText()).isEqualTo("io");
    assertThat(sleep.get("source").asText()).isEqualTo("built-in");
    assertThat(sleep.get("description").asText()).isNotBlank();
    assertThat(sleep.at("/input/properties/ms/type").asText()).isEqualTo("integer");
    assertThat(sleep.at("/input/required/0").asText()).isEqualTo("ms");
    List<String> sleepWorkers = new ArrayList<>();
    sleep.get("workers").forEach(worker -> sleepWorkers.add(worker.asText()));
    assertThat(sleepWorkers).containsExactlyElementsOf(workers);
    assertThat(named(types, "sha256").get("lane").asText()).isEqualTo("cpu");
    assertThat(named(types, "exec").at("/input/properties/argv/minItems").asInt()).isEqualTo(1);

    Tasklane.Result table = cluster.tasklane(60, "types");
    steps.log("tasklane types:%n%s", table.stdout());
    assertThat(table.exitCode()).as(table.stderr()).isZero();
    assertThat(table.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("sleep").contains("io", "built-in", workers.get(0), "{ms: integer >= 0}"));

    Tasklane.Result refused = cluster.tasklane(60, "types", "--token", "not-the-token");
    assertThat(refused.exitCode()).isEqualTo(3);
  }

  private static JsonNode named(JsonNode types, String name) {
    List<JsonNode> found = new ArrayList<>();
    types.forEach(type -> {
      if (type.get("name").asText().equals(name)) {
        found.add(type);
      }
    });
    assertThat(found).as("%s in %s", name, types).hasSize(1);
    return found.get(0);
  }

  private List<String> jobNames() throws Exception {
    List<String> names = new ArrayList<>();
    Api.JSON.readTree(cluster.api().get("/api/jobs").body()).get("jobs")
        .forEach(job -> names.add(job.path("name").asText("")));
    return names;
  }

  /** Tasks the coordinator handed to workers, over both lanes ({@code tasklane_tasks_started_total}). */
  private long tasksStarted() throws Exception {
    double started = 0;
    for (String line : cluster.api().get("/metrics").body().split("\n")) {
      if (line.startsWith("tasklane_tasks_started_total")) {
        started += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) started;
  }
}
