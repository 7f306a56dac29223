package io.tasklane.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitCommandTest {

  static final String JOB = "name: quickstart\ntasks:\n  - type: noop\n    input: {a: 1}\n";
  static final String RUNNING = "{\"id\":\"j-1\",\"state\":\"running\",\"total\":2,\"lanes\":{}}";
  static final String LINE_OK =
      "{\"id\":\"0\",\"type\":\"noop\",\"lane\":\"io\",\"status\":\"succeeded\",\"output\":{\"a\":1},"
          + "\"error\":null,\"attempts\":1,\"worker\":\"127.0.0.1:40001\",\"thread\":\"t\"}";
  static final String LINE_FAILED =
      "{\"id\":\"1\",\"type\":\"sha256\",\"lane\":\"cpu\",\"status\":\"failed\",\"output\":null,"
          + "\"error\":\"boom\",\"attempts\":3,\"worker\":\"127.0.0.1:40002\",\"thread\":\"cpu-1\"}";

  @TempDir
  Path dir;

  FakeCoordinator coordinator;
  Path jobFile;

  @BeforeEach
  void start() throws IOException {
    coordinator = new FakeCoordinator()
        .on("POST", "/api/jobs", Answer.json(202, "{\"id\":\"j-1\",\"created\":true}"));
    jobFile = Files.writeString(dir.resolve("job.yaml"), JOB);
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  Cli.Run submit(String... more) {
    String[] args = new String[6 + more.length];
    args[0] = "submit";
    args[1] = jobFile.toString();
    args[2] = "--server=" + coordinator.uri();
    args[3] = "--token=" + FakeCoordinator.TOKEN;
    args[4] = "--state-dir";
    args[5] = dir.resolve("state").toString();
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  @Test
  void printsTheJobIdAloneAndSendsTheFileAsWritten() {
    Cli.Run run = submit();

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("j-1" + System.lineSeparator());
    FakeCoordinator.Received post = coordinator.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.header("Content-Type")).isEqualTo("application/vnd.tasklane.submission+json");
    assertThat(post.header("Authorization")).isEqualTo("Bearer " + FakeCoordinator.TOKEN);
    assertThat(post.header("Idempotency-Key")).isNull();
    JsonNode envelope = Json.parseOrMissing(post.body());
    assertThat(envelope.path("file").asText()).isEqualTo(jobFile.toString());
    assertThat(envelope.path("text").asText()).isEqualTo(JOB);
    assertThat(envelope.path("attachments").isObject()).isTrue();
    assertThat(envelope.path("attachments").size()).isZero();
  }

  @Test
  void sendsTheFilesAForeachNamesAsAttachmentsKeyedAsWritten() throws IOException {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/urls.txt"), "http://a.example/1\n\nhttp://a.example/2\n");
    String job = "name: crawl\ntasks:\n  - type: http.get\n    foreach: {file: in/urls.txt}\n"
        + "    input: {url: \"${line}\"}\n";
    Files.writeString(jobFile, job);
    Cli.Run run = submit();

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode envelope = Json.parseOrMissing(coordinator.received().get(0).body());
    assertThat(envelope.path("text").asText()).isEqualTo(job);
    assertThat(envelope.path("attachments").properties()).hasSize(1);
    assertThat(envelope.path("attachments").path("in/urls.txt").asText())
        .isEqualTo("http://a.example/1\n\nhttp://a.example/2\n");
  }

  @Test
  void refusesAForeachFileThatIsMissingWithoutSendingAnything() throws IOException {
    Files.writeString(jobFile, "tasks:\n  - type: noop\n    foreach: {file: nope.txt}\n    input: {}\n");

    Cli.Run run = submit();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith(jobFile + ":3: tasks[0].foreach.file:").contains("nope.txt");
    assertThat(coordinator.received()).isEmpty();
  }

  @Test
  void quietPrintsOnlyTheIdEvenWithOutputJson() {
    Cli.Run run = submit("-q", "-o", "json");

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo("j-1" + System.lineSeparator());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void sendsTheIdempotencyKeyAsAHeader() {
    Cli.Run run = submit("--idempotency-key", "nightly-42");

    assertThat(run.code()).isZero();
    assertThat(coordinator.received().get(0).header("Idempotency-Key")).isEqualTo("nightly-42");
  }

  @Test
  void printsTheSameIdAndSaysSoWhenTheJobAlreadyExists() {
    coordinator.on("POST", "/api/jobs", Answer.json(200, "{\"id\":\"j-1\",\"created\":false,\"tasks\":1}"));

    Cli.Run run = submit("--idempotency-key", "k", "-q");

    assertThat(run.code()).isZero();
    assertThat(run.out().trim()).isEqualTo("j-1");
    assertThat(run.err()).contains("job j-1 already exists");
  }

  @Test
  void exitsTwoWhenTheIdExistsWithAnotherSpec() {
    coordinator.on("POST", "/api/jobs",
        Answer.json(409, "{\"error\":\"job 'nightly' exists with a different spec\"}"));

    Cli.Run run = submit();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().trim()).isEqualTo("job 'nightly' exists with a different spec");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void watchFollowsTheEventsAndExitsAsWaitWould() {
    String done = RUNNING.replace("running", "succeeded");
    coordinator.on("GET", "/api/jobs/j-1/events", Answer.events("status", RUNNING, "end", done));

    Cli.Run run = submit("--watch", "-o", "json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(2);
    assertThat(Json.parseOrMissing(run.out().lines().toList().get(1)).path("event").asText()).isEqualTo("end");
    assertThat(run.err()).contains("job j-1 submitted");
  }

  @Test
  void waitAndWatchTogetherAreAUsageError() {
    Cli.Run run = submit("--wait", "--watch");

    assertThat(run.code()).isEqualTo(2);
    assertThat(coordinator.received()).isEmpty();
  }

  @Test
  void printsTheIdAsJsonWithOutputJson() {
    Cli.Run run = submit("-o", "json");

    assertThat(run.code()).isZero();
    assertThat(run.out().trim()).isEqualTo("{\"id\":\"j-1\"}");
  }

  @Test
  void exitsThreeWhenTheTokenIsRefused() {
    Cli.Run run = Cli.run("submit", jobFile.toString(), "--server", coordinator.uri().toString(),
        "--token", "wrong");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("refused the credentials (401)").contains("missing or wrong token");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void exitsThreeWhenNothingListens() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Cli.Run run = Cli.run("submit", jobFile.toString(), "--server", "http://127.0.0.1:" + closedPort,
        "--token", "t");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("cannot reach the coordinator at http://127.0.0.1:" + closedPort);
  }

  @Test
  void printsEveryProblemOfAnInvalidSpecWithFileAndLine() {
    coordinator.on("POST", "/api/jobs", Answer.json(400, "{\"error\":\"invalid job spec\",\"problems\":["
        + "{\"file\":\"job.yaml\",\"line\":3,\"field\":\"tasks[0].type\",\"message\":\"unknown task type 'nope'\"},"
        + "{\"file\":\"job.yaml\",\"line\":7,\"field\":\"tasks[1].id\",\"message\":\"duplicate id 'a'\"}]}"));

    Cli.Run run = submit();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly(
        "job.yaml:3: tasks[0].type: unknown task type 'nope'",
        "job.yaml:7: tasks[1].id: duplicate id 'a'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void refusesAMissingFileWithoutSendingAnything() {
    Cli.Run run = Cli.run("submit", dir.resolve("nope.yaml").toString(),
        "--server", coordinator.uri().toString(), "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no such file");
    assertThat(coordinator.received()).isEmpty();
  }

  @Test
  void refusesAnInvalidFileLocallyWithEveryProblemAndSendsNothing() throws IOException {
    Path invalid = Files.writeString(dir.resolve("bad.yaml"),
        "name: bad\ntasks:\n  - type: noop\n    colour: red\n  - input: {}\n");

    Cli.Run run = Cli.run("submit", invalid.toString(),
        "--server", coordinator.uri().toString(), "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines()).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(line -> assertThat(line).startsWith(invalid + ":"));
    assertThat(run.err()).contains(invalid + ":4:").contains(invalid + ":5:");
    assertThat(run.out()).isEmpty();
    assertThat(coordinator.received()).isEmpty();
  }

  @Test
  void exitsThreeWithoutServerOrLocalCluster() {
    Cli.Run run = Cli.run("submit", jobFile.toString(), "--state-dir", dir.resolve("none").toString());

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("no local cluster: run `tasklane local up` or pass --server/--token");
  }

  @Test
  void usesTheLocalClustersServerAndTokenWhenNoneAreGiven() throws IOException {
    Path state = Files.createDirectories(dir.resolve("state"));
    Files.writeString(state.resolve("cluster.json"), "{\"server\":\"" + coordinator.uri() + "\",\"nodes\":[]}");
    Files.writeString(state.resolve("token"), FakeCoordinator.TOKEN + "\n");

    Cli.Run run = Cli.run("submit", jobFile.toString(), "--state-dir", state.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo("j-1");
  }

  @Test
  void waitsAndPrintsTheServersLinesExactlyThenExitsOneWhenATaskFailed() {
    coordinator
        .on("GET", "/api/jobs/j-1", Answer.json(200, RUNNING), Answer.json(200, RUNNING),
            Answer.json(200, RUNNING.replace("running", "failed")))
        .on("GET", "/api/jobs/j-1/results",
            new Answer(200, "application/x-ndjson", LINE_OK + "\n" + LINE_FAILED + "\n"));

    Cli.Run run = submit("--wait", "-o", "json");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines()).containsExactly(LINE_OK, LINE_FAILED);
    assertThat(run.err()).contains("j-1");
    long polls = coordinator.received().stream().filter(r -> r.path().equals("/api/jobs/j-1")).count();
    assertThat(polls).isEqualTo(3);
  }

  @Test
  void waitsAndExitsZeroWhenEveryTaskSucceeded() {
    String second = LINE_OK.replace("\"id\":\"0\"", "\"id\":\"1\"");
    coordinator
        .on("GET", "/api/jobs/j-1", Answer.json(200, RUNNING),
            Answer.json(200, RUNNING.replace("running", "succeeded")))
        .on("GET", "/api/jobs/j-1/results",
            new Answer(200, "application/x-ndjson", LINE_OK + "\n" + second + "\n"));

    Cli.Run run = submit("--wait", "-o", "json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly(LINE_OK, second);
  }

  @Test
  void waitPrintsATableWithALineSummaryPerLane() {
    coordinator
        .on("GET", "/api/jobs/j-1", Answer.json(200, RUNNING.replace("running", "failed")))
        .on("GET", "/api/jobs/j-1/results",
            new Answer(200, "application/x-ndjson", LINE_OK + "\n" + LINE_FAILED + "\n"));

    Cli.Run run = submit("--wait");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines().findFirst().orElseThrow())
        .startsWith("ID").contains("TYPE", "LANE", "STATUS", "ATTEMPTS", "WORKER", "OUTPUT/ERROR");
    assertThat(run.out()).contains("{\"a\":1}").contains("boom")
        .contains("cpu: 1 tasks: 1 failed").contains("io: 1 tasks: 1 succeeded")
        .contains("job j-1: failed (2 of 2 results)");
  }
}
