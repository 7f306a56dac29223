package io.tasklane.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point {@code tasklane run} uses, with plain PrintStreams. */
class JobSessionTest {

  @TempDir
  Path dir;

  @Test
  void submitsWaitsAndPrintsTheResultsTable() throws Exception {
    String line = "{\"id\":\"0\",\"type\":\"noop\",\"lane\":\"io\",\"status\":\"succeeded\","
        + "\"output\":{\"x\":1},\"error\":null,\"attempts\":1,\"worker\":\"127.0.0.1:1\"}";
    Path job = Files.writeString(dir.resolve("job.yaml"), "tasks:\n  - type: noop\n    input: {x: 1}\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FakeCoordinator coordinator = new FakeCoordinator()
        .on("POST", "/api/jobs", Answer.json(202, "{\"id\":\"j-2\",\"created\":true}"))
        .on("GET", "/api/jobs/j-2", Answer.json(200, "{\"id\":\"j-2\",\"state\":\"succeeded\",\"total\":1}"))
        .on("GET", "/api/jobs/j-2/results", new Answer(200, "application/x-ndjson", line + "\n"))) {

      int code = JobSession.submitAndWait(TasklaneClient.connect(coordinator.uri().toString(), FakeCoordinator.TOKEN), job,
          OutputFormat.TABLE, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(code).isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("{\"x\":1}").contains("io: 1 tasks: 1 succeeded")
        .contains("job j-2: succeeded (1 of 1 results)");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("job j-2 submitted");
  }
}
