package io.tasklane.client.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobBuilderTest {

  record Nap(int ms) {}

  @TempDir Path dir;

  @Test
  void aBuiltJobIsTheJobFileOfDocsJobFiles() throws Exception {
    Job job = Job.builder().id("nightly-1").name("mixed").defaults(Duration.ofSeconds(30), 2)
        .task(Task.of("sleep", new Nap(200)).id("nap").timeout(Duration.ofMillis(1500)).retries(0))
        .task(Task.of("factorial", Map.of("n", 2000)).lane(Lane.CPU).key("group-a"))
        .task(Task.of("noop").id("many").repeat(3).input(Map.of("value", "${i}")))
        .task(Task.of("noop").id("sq").foreach(0, 1000).input(Map.of("n", "${i}")))
        .task(Task.of("http.get").id("fetch").foreach(List.of("http://a", "http://b")).input(Map.of("url", "${line}")))
        .build();

    assertThat(job.fileName()).isEqualTo("job.json");
    assertThat(Json.MAPPER.readTree(job.text())).isEqualTo(Json.MAPPER.readTree("""
        {"id": "nightly-1", "name": "mixed", "defaults": {"timeout": "30000ms", "retries": 2},
         "tasks": [
           {"id": "nap", "type": "sleep", "timeout": "1500ms", "retries": 0, "input": {"ms": 200}},
           {"type": "factorial", "lane": "cpu", "key": "group-a", "input": {"n": 2000}},
           {"id": "many", "type": "noop", "repeat": 3, "input": {"value": "${i}"}},
           {"id": "sq", "type": "noop", "foreach": {"range": [0, 1000]}, "input": {"n": "${i}"}},
           {"id": "fetch", "type": "http.get", "foreach": {"file": "foreach-1.txt"}, "input": {"url": "${line}"}}
         ]}
        """));
    assertThat(job.attachments()).containsExactly(Map.entry("foreach-1.txt", "http://a\nhttp://b\n"));
    JsonNode envelope = Json.MAPPER.readTree(job.envelope());
    assertThat(envelope.at("/attachments/foreach-1.txt").asText()).isEqualTo("http://a\nhttp://b\n");
  }

  @Test
  void anOpenJobMayStartWithoutTasksAnyOtherMayNot() {
    assertThat(Job.builder().open().build().text()).isEqualTo("{\"open\":true,\"tasks\":[]}");
    assertThatThrownBy(() -> Job.builder().build()).hasMessage("a job needs at least one task, unless it is open");
  }

  @Test
  void whatCouldNeverBeRightIsRefusedNamingTheField() {
    assertThatThrownBy(() -> Task.of(" ")).hasMessage("a task needs a type, e.g. \"sleep\"");
    assertThatThrownBy(() -> Task.of("noop").repeat(0)).hasMessage("repeat must be at least 1, not 0");
    assertThatThrownBy(() -> Task.of("noop").retries(-1)).hasMessage("retries must be at least 0, not -1");
    assertThatThrownBy(() -> Task.of("noop").timeout(Duration.ZERO)).hasMessage("timeout must be at least 1 ms, not PT0S");
    assertThatThrownBy(() -> Task.of("noop").foreach(5, 5)).hasMessage("foreach needs 0 <= from < to, not [5, 5)");
    assertThatThrownBy(() -> Task.of("noop").foreach(List.of("a", "b\nc")))
        .hasMessage("foreach item 1 must be one non-empty line, not 'b\nc'");
    assertThatThrownBy(() -> Job.builder().defaults(Duration.ofSeconds(1), -2))
        .hasMessage("defaults.retries must be at least 0, not -2");
  }

  @Test
  void aJobFileTravelsAsWrittenWithTheFilesItsForeachEntriesName() throws Exception {
    Files.writeString(dir.resolve("urls.txt"), "http://x\nhttp://y\n");
    String yaml = "name: f\ntasks:\n  - type: http.get\n    foreach: {file: urls.txt}\n    input: {url: \"${line}\"}\n"
        + "  - type: noop\n    foreach: {file: missing.txt}\n";
    Files.writeString(dir.resolve("job.yaml"), yaml);

    Job job = Job.fromFile(dir.resolve("job.yaml"));

    assertThat(job.text()).isEqualTo(yaml);
    assertThat(job.fileName()).endsWith("job.yaml");
    assertThat(job.attachments()).as("a missing file is left for the coordinator to name")
        .containsExactly(Map.entry("urls.txt", "http://x\nhttp://y\n"));
  }
}
