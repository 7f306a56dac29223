package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.io.IoLane;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Which failures of the built-in types an I/O lane retries, seen from a local HTTP server. */
@ExtendWith(LogCapturingExtension.class)
class BuiltInRetriesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LocalHttp server = new LocalHttp()
      .on("/missing", 404, new byte[0])
      .on("/broken", 503, "try later".getBytes());
  private final LaneHarness harness = new LaneHarness("");

  @AfterEach
  void shutDown() {
    harness.close();
    server.close();
  }

  private Map<Integer, TaskOutcome> run(int count, List<io.tasklane.protocol.task.TaskSpec> tasks) {
    harness.spawn(IoLane.create(harness.settings, "w1", HandlerRegistry.of(HandlerRegistry.builtIns()), HTTP), Lane.IO, 1000);
    harness.assign("j1", tasks);
    return harness.outcomes("j1", count);
  }

  @Test
  void failsA404AtOnceWithoutAnotherRequestButRetriesA503(@TempDir Path dir) {
    Path file = dir.resolve("missing.bin");
    Map<Integer, TaskOutcome> outcomes = run(3, List.of(
        task(0, "http.get", Lane.IO, "{\"url\":\"" + server.url("/missing") + "\"}", 0, 3),
        task(1, "file.download", Lane.IO,
            "{\"url\":\"" + server.url("/missing?f") + "\",\"path\":\"" + file + "\"}", 0, 3),
        task(2, "http.get", Lane.IO, "{\"url\":\"" + server.url("/broken") + "\"}", 0, 2)));

    assertThat(outcomes.get(0).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(0).attempts()).isEqualTo(1);
    assertThat(outcomes.get(0).error()).startsWith("HTTP 404 from " + server.url("/missing"));
    assertThat(outcomes.get(1).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(1).attempts()).isEqualTo(1);
    assertThat(outcomes.get(1).error()).startsWith("HTTP 404 from " + server.url("/missing?f"));
    assertThat(server.requests("/missing")).isEqualTo(2); // one per task: neither was asked again
    assertThat(file).doesNotExist();
    assertThat(outcomes.get(2).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(2).attempts()).isEqualTo(3);
    assertThat(outcomes.get(2).error()).isEqualTo("HTTP 503 from " + server.url("/broken"));
    assertThat(server.requests("/broken")).isEqualTo(3);
  }

  @Test
  void retriesARefusedConnectionAndSaysWhereItWasRefused() {
    int port = LocalHttp.closedPort();
    TaskOutcome outcome = run(1, List.of(
        task(0, "http.get", Lane.IO, "{\"url\":\"http://127.0.0.1:" + port + "/x\"}", 0, 1))).get(0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(outcome.error()).isEqualTo("connection refused: 127.0.0.1:" + port + " (http://127.0.0.1:" + port + "/x)");
  }

  @Test
  void failsBadInputAtOnceNamingTheField() throws Exception {
    Map<Integer, TaskOutcome> outcomes = run(3, List.of(
        task(0, "sleep", Lane.IO, "{\"ms\":-1}", 0, 2),
        task(1, "file.download", Lane.IO, "{\"url\":\"" + server.url("/x") + "\"}", 0, 2),
        task(2, "file.download", Lane.IO, "{\"url\":\"ftp://h/x\",\"path\":\"x\"}", 0, 2)));

    assertThat(outcomes.values()).allSatisfy(outcome -> {
      assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(outcome.attempts()).isEqualTo(1);
    });
    assertThat(outcomes.get(0).error()).contains("'ms'");
    assertThat(outcomes.get(1).error()).isEqualTo("file.download: input field 'path' is required");
    assertThat(outcomes.get(2).error()).isEqualTo("file.download: input field 'url' is not an http(s) URL: ftp://h/x");
    assertThat(Files.exists(Path.of("x"))).isFalse();
  }
}
