package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tasklane run FILE`: an embedded cluster in one process runs the quickstart offline. */
class RunCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void runsTheQuickstartAndPrintsEveryResult() throws Exception {
    Tasklane.Result run = Tasklane.run(work, 120, "run", Tasklane.repo().resolve("examples/quickstart.yaml").toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.lines()).hasSize(29);
    for (String line : run.lines()) {
      JsonNode result = JSON.readTree(line);
      assertThat(result.get("status").asText()).as(line).isEqualTo("succeeded");
    }
    assertThat(run.stdout()).contains("0796783e0a06e3f94c0cf5d6fd3991a2f0c07611ff1898b00705995cd01b0d96");
  }

  /** exec tasks run on the user's machine: outputs, a failing exit code, stdin, env, cwd, both lanes. */
  @Test
  void runsExecTasksAndReportsTheirOutputAndExitCodes() throws Exception {
    Path file = work.resolve("exec.yaml");
    java.nio.file.Files.writeString(file, """
        name: exec-it
        tasks:
          - id: echo
            type: exec
            input: {argv: [echo, hello from exec]}
          - id: shout
            type: exec
            lane: io
            input:
              argv: [sh, -c, 'tr a-z A-Z; echo "$WHO in $(pwd)"; echo to stderr >&2']
              env: {WHO: me}
              cwd: "%s"
              stdin: quiet please
          - id: broken
            type: exec
            input: {argv: [sh, -c, 'echo the disk is full >&2; exit 7']}
        """.formatted(work.toRealPath()));

    Tasklane.Result run = Tasklane.run(work, 120, "run", file.toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1); // one task failed
    java.util.Map<String, JsonNode> results = new java.util.HashMap<>();
    for (String line : run.lines()) {
      JsonNode result = JSON.readTree(line);
      results.put(result.get("id").asText(), result);
    }
    assertThat(results).containsOnlyKeys("echo", "shout", "broken");
    assertThat(results.get("echo").get("status").asText()).isEqualTo("succeeded");
    assertThat(results.get("echo").get("lane").asText()).isEqualTo("cpu");
    assertThat(results.get("echo").get("output")).isEqualTo(
        JSON.readTree("{\"exitCode\":0,\"stdout\":\"hello from exec\\n\",\"stderr\":\"\"}"));
    assertThat(results.get("shout").get("lane").asText()).isEqualTo("io");
    assertThat(results.get("shout").get("output").get("stdout").asText())
        .isEqualTo("QUIET PLEASEme in " + work.toRealPath() + "\n");
    assertThat(results.get("shout").get("output").get("stderr").asText()).isEqualTo("to stderr\n");
    assertThat(results.get("broken").get("status").asText()).isEqualTo("failed");
    assertThat(results.get("broken").get("error").asText()).contains("exit code 7").contains("the disk is full");
  }

  @Test
  void refusesAnInvalidFileWithTheLineAndExitCode2() throws Exception {
    assertRefused("broken.yaml", "tasks:\n  - type: sleep\n    retries: many\n", "broken.yaml:3", "retries");
  }

  @Test
  void refusesAnOpenJobThatWouldNeverEnd() throws Exception {
    assertRefused("open.yaml", "open: true\n", "open.yaml is an open job", "tasklane run would wait forever");
  }

  /** {@code tasklane run} of a job file with {@code text} exits 2, stderr saying {@code expected}. */
  private void assertRefused(String name, String text, String... expected) throws Exception {
    Path file = work.resolve(name);
    java.nio.file.Files.writeString(file, text);
    Tasklane.Result run = Tasklane.run(work, 60, "run", file.toString());
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains(expected);
  }
}
