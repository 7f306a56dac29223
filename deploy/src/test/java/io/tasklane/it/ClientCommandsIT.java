package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands of issue 3 against a real local cluster (one coordinator, two workers,
 * each a JVM): submit, watch, cancel, results, jobs, cluster, idempotent submit, a
 * 1,000,000-task job's results through a client with a 64 MiB heap, broken job files, foreach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCommandsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IO_CAPACITY = 1000;
  private static final int WORKERS = 2;
  /** How long a nap of the cancelled job sleeps: well past the test's steps up to the cancel. */
  private static final Duration NAP = Duration.ofSeconds(60);

  /** Kept when a test fails: the nodes' logs are in .tasklane/logs there. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path work;
  private HttpServer server;
  private String cancelledJob;

  @BeforeAll
  void startClusterAndAWebServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = body(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();

    // without the warm-up (LocalClusterIT checks it): measured, it made local up 13 s longer and
    // cost 22 s of CPU, with the tests' C1-only nodes
    Tasklane.Result up = Tasklane.run(work, 120, "local", "up", "--workers", Integer.toString(WORKERS), "--no-warm-up");
    assertThat(up.exitCode()).as("local up: %s", up.stderr()).isZero();
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      Tasklane.Result down = Tasklane.run(work, 60, "local", "down");
      assertThat(down.exitCode()).as(down.stderr()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Order(1)
  void cancellingARunningJobDropsQueuedTasksStopsRunningOnesAndEndsTheWatch() throws Exception {
    // 10,000 naps of 60 s: 2 x 1000 start at once, 8000 wait; the naps outlast the test's steps,
    // so the cancel meets running tasks, and only stopping them frees the lanes.
    Path job = work.resolve("naps.yaml");
    Files.writeString(job, """
        name: naps
        defaults: {timeout: 120s, retries: 0}
        tasks:
          - {id: nap, type: sleep, repeat: 10000, input: {ms: %d}}
        """.formatted(NAP.toMillis()));
    long submittedAt = System.nanoTime(); // no nap starts before, so none ends by itself before this + NAP
    Tasklane.Result submit = Tasklane.run(work, 60, "submit", job.toString(), "-q");
    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    String jobId = submit.stdout().trim();
    assertThat(jobId).matches("[A-Za-z0-9._-]+");

    Path watchOut = work.resolve("watch.out");
    Path watchErr = work.resolve("watch.err");
    Process watch = Tasklane.start(work, List.of(), watchOut, watchErr, "watch", jobId, "-o", "json");
    try {
      await("the first status event").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> jsonLines(watchOut).stream().anyMatch(e -> e.path("event").asText().equals("status")));
      JsonNode[] running = new JsonNode[1];
      await("tasks running on the workers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> (running[0] = status(jobId)).at("/lanes/io/running").asInt() > 0);
      assertThat(running[0].at("/lanes/io/running").asInt()).isLessThanOrEqualTo(WORKERS * IO_CAPACITY);
      assertThat(running[0].at("/lanes/io/queued").asInt()).isGreaterThanOrEqualTo(10_000 - WORKERS * IO_CAPACITY);

      Tasklane.Result cancel = Tasklane.run(work, 60, "cancel", jobId);
      assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
      assertThat(cancel.stdout()).contains(jobId).contains("cancelled");

      JsonNode afterCancel = status(jobId);
      assertThat(afterCancel.get("state").asText()).isEqualTo("cancelled");
      assertThat(afterCancel.get("total").asInt()).isEqualTo(10_000);
      assertThat(afterCancel.at("/lanes/io/queued").asInt()).isZero();
      assertThat(afterCancel.at("/lanes/io/running").asInt()).isZero();

      assertThat(watch.waitFor(60, TimeUnit.SECONDS)).as("watch ends by itself").isTrue();
      assertThat(watch.exitValue()).as(Files.readString(watchErr)).isEqualTo(1);
    } finally {
      watch.destroyForcibly();
    }
    List<JsonNode> events = jsonLines(watchOut);
    JsonNode last = events.getLast();
    assertThat(last.get("event").asText()).isEqualTo("end");
    assertThat(last.get("state").asText()).isEqualTo("cancelled");
    assertThat(last.get("id").asText()).isEqualTo(jobId);

    List<String> results = resultLines(jobId);
    assertThat(results).hasSize(10_000);
    Set<String> ids = new HashSet<>();
    int started = 0;
    for (String line : results) {
      JsonNode result = JSON.readTree(line);
      assertThat(ids.add(result.get("id").asText())).as("duplicate %s", line).isTrue();
      String status = result.get("status").asText();
      assertThat(status).as(line).isIn("succeeded", "cancelled");
      int attempts = result.get("attempts").asInt();
      if (attempts == 0) {
        assertThat(status).as(line).isEqualTo("cancelled");
      } else {
        started++;
      }
    }
    assertThat(ids).contains("nap-0", "nap-9999");
    assertThat(started).as("tasks that started").isLessThanOrEqualTo(WORKERS * IO_CAPACITY);

    // The running naps were stopped: every lane is free before a nap could have ended by itself
    // (counted from the submit, not from here: the steps above take long on a loaded machine).
    Duration napsEndBy = Duration.ofNanos(submittedAt + NAP.toNanos() - System.nanoTime());
    assertThat(napsEndBy).as("time left before the first nap could end by itself (the machine was too slow "
        + "for this test to tell a stopped nap from an ended one)").isGreaterThan(Duration.ofSeconds(2));
    await("every lane free").atMost(napsEndBy).pollInterval(Duration.ofMillis(500))
        .until(this::everyLaneIdle);
    // No queued task of the cancelled job starts later: a job submitted after the cancel goes
    // through every I/O lane twice over (the dispatcher shares lanes between jobs, so it would hand
    // out naps of the cancelled job on the way), and once it ended the lanes are free again (a nap
    // started meanwhile would hold its lane for a minute) and nothing changed the cancelled job's results.
    String marker = api().submit("""
        {"name": "after-the-cancel", "tasks": [{"id": "blink", "type": "sleep", "repeat": %d, "input": {"ms": 1}}]}
        """.formatted(2 * WORKERS * IO_CAPACITY));
    assertThat(api().awaitEnded(marker, Duration.ofSeconds(120)).get("state").asText()).isEqualTo("succeeded");
    await("every lane free after the next job").atMost(NAP.dividedBy(2)).pollInterval(Duration.ofMillis(500))
        .until(this::everyLaneIdle);
    assertThat(resultLines(jobId)).as("the cancelled job's results").isEqualTo(results);
    cancelledJob = jobId;

    Tasklane.Result again = Tasklane.run(work, 60, "cancel", jobId);
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stdout()).contains("already ended");
  }

  @Test
  @Order(2)
  void anIdempotentSubmitRunsTheJobOnce() throws Exception {
    Path job = work.resolve("once.yaml");
    Files.writeString(job, """
        name: once
        tasks:
          - {id: echo, type: noop, repeat: 7, input: {value: "${i}"}}
        """);
    Tasklane.Result first = Tasklane.run(work, 60, "submit", job.toString(), "-q", "--idempotency-key", "K-once");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Tasklane.Result second = Tasklane.run(work, 60, "submit", job.toString(), "-q", "--idempotency-key", "K-once");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    String jobId = first.stdout().trim();
    assertThat(second.stdout().trim()).isEqualTo(jobId);
    assertThat(first.stderr()).doesNotContain("already exists");
    assertThat(second.stderr()).contains("already exists");

    JsonNode status = awaitEnded(jobId);
    assertThat(status.get("state").asText()).isEqualTo("succeeded");
    assertThat(status.get("total").asInt()).isEqualTo(7);
    assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(7);
    assertThat(resultLines(jobId)).hasSize(7);

    // A job file's own id works the same way.
    Path named = work.resolve("named.yaml");
    Files.writeString(named, """
        id: nightly-it
        tasks:
          - {type: noop, repeat: 3}
        """);
    Tasklane.Result namedFirst = Tasklane.run(work, 60, "submit", named.toString(), "-q");
    Tasklane.Result namedSecond = Tasklane.run(work, 60, "submit", named.toString(), "-q");
    assertThat(namedFirst.exitCode()).as(namedFirst.stderr()).isZero();
    assertThat(namedSecond.exitCode()).as(namedSecond.stderr()).isZero();
    assertThat(namedFirst.stdout().trim()).isEqualTo("nightly-it");
    assertThat(namedSecond.stdout().trim()).isEqualTo("nightly-it");
    assertThat(namedSecond.stderr()).contains("already exists");
    assertThat(awaitEnded("nightly-it").get("total").asInt()).isEqualTo(3);
    assertThat(resultLines("nightly-it")).hasSize(3);

    // The same key for another job: a conflict, nothing submitted.
    Path other = work.resolve("other.yaml");
    Files.writeString(other, """
        name: once
        tasks:
          - {id: echo, type: noop, repeat: 8, input: {value: "${i}"}}
        """);
    Tasklane.Result conflict = Tasklane.run(work, 60, "submit", other.toString(), "-q", "--idempotency-key", "K-once");
    assertThat(conflict.exitCode()).as(conflict.stderr()).isEqualTo(2);
    assertThat(conflict.stderr()).contains(jobId).contains("different spec");
    assertThat(status(jobId).get("total").asInt()).isEqualTo(7);
  }

  @Test
  @Order(3)
  void aMillionResultsStreamThroughAClientWithA64MiBHeap() throws Exception {
    Path job = work.resolve("million.yaml");
    Files.writeString(job, """
        name: million
        tasks:
          - {id: n, type: noop, repeat: 1000000, input: {value: "${i}"}}
        """);
    Tasklane.Result submit = Tasklane.run(work, 60, "submit", job.toString(), "-q");
    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    String jobId = submit.stdout().trim();

    JsonNode status = awaitEnded(jobId, Duration.ofMinutes(5));
    assertThat(status.get("state").asText()).isEqualTo("succeeded");
    assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(1_000_000);

    Path out = work.resolve("million.out");
    Path err = work.resolve("million.err");
    Process results = Tasklane.start(work, List.of("-Xmx64m"), out, err, "results", jobId, "-o", "json");
    try {
      assertThat(results.waitFor(300, TimeUnit.SECONDS)).as("results ended").isTrue();
    } finally {
      results.destroyForcibly();
    }
    assertThat(results.exitValue()).as(tail(err)).isZero();

    long lines = 0;
    String first = null;
    String last = null;
    try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        if (first == null) {
          first = line;
        }
        last = line;
        lines++;
      }
    }
    assertThat(lines).isEqualTo(1_000_000);
    assertThat(JSON.readTree(first).get("id").asText()).isEqualTo("n-0");
    assertThat(JSON.readTree(last).get("id").asText()).isEqualTo("n-999999");
    assertThat(JSON.readTree(last).get("output").get("value").asText()).isEqualTo("999999");
    Files.delete(out);
  }

  @Test
  @Order(4)
  void aForeachOverAFileOfUrlsRunsOneHttpGetPerLine() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Files.writeString(work.resolve("urls.txt"), base + "/a\n" + base + "/b\n\n" + base + "/c\n");
    Path job = work.resolve("fetch.yaml");
    Files.writeString(job, """
        name: fetch
        tasks:
          - id: web
            type: http.get
            foreach: {file: urls.txt}
            input: {url: "${line}"}
        """);
    Tasklane.Result submit = Tasklane.run(work, 120, "submit", job.toString(), "--wait", "-o", "json");
    assertThat(submit.exitCode()).as(submit.stderr()).isZero();

    List<String> lines = submit.lines();
    assertThat(lines).hasSize(3);
    Set<String> digests = new HashSet<>();
    for (String line : lines) {
      JsonNode result = JSON.readTree(line);
      assertThat(result.get("type").asText()).isEqualTo("http.get");
      assertThat(result.get("status").asText()).as(line).isEqualTo("succeeded");
      assertThat(result.at("/output/status").asInt()).as(line).isEqualTo(200);
      digests.add(result.at("/output/sha256").asText());
    }
    assertThat(digests).containsExactlyInAnyOrder(sha256(body("/a")), sha256(body("/b")), sha256(body("/c")));
  }

  @Test
  @Order(5)
  void brokenJobFilesAreRefusedWithFileLineAndField() throws Exception {
    assertRefused("unknown-field.yaml", """
        tasks:
          - type: sleep
            tmeout: 5s
            input: {ms: 1}
        """, "unknown-field.yaml:3", "tmeout");
    assertRefused("wrong-type.yaml", """
        tasks:
          - type: noop
            repeat: many
        """, "wrong-type.yaml:3", "repeat");
    assertRefused("duplicate.yaml", """
        tasks:
          - {id: a, type: noop}
          - {id: b, type: noop}
          - {id: a, type: noop}
        """, "duplicate.yaml:4", "tasks[2].id");
    assertRefused("missing-foreach.yaml", """
        tasks:
          - type: noop
            foreach: {file: no-such-file.txt}
            input: {line: "${line}"}
        """, "missing-foreach.yaml:3", "foreach");
    // Only the coordinator knows which types its workers offer: its 400 names the line too.
    assertRefused("unknown-type.yaml", """
        tasks:
          - type: noop
          - type: teleport
        """, "unknown-type.yaml:3", "teleport");
    // An open job ends only once closed: waiting for it from the command line is refused.
    Path open = work.resolve("open.yaml");
    Files.writeString(open, "open: true\ntasks: [{type: noop}]\n");
    for (String option : List.of("--wait", "--watch")) {
      Tasklane.Result waiting = Tasklane.run(work, 60, "submit", open.toString(), option);
      assertThat(waiting.exitCode()).as(waiting.stderr()).isEqualTo(2);
      assertThat(waiting.stderr()).contains("open.yaml is an open job", option + " would wait forever");
    }
  }

  @Test
  @Order(6)
  void theRootHelpListsEveryCommand() throws Exception {
    Tasklane.Result help = Tasklane.run(work, 60, "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    List<String> commands = help.stdout().lines()
        .map(String::strip)
        .map(line -> line.split("\\s+")[0])
        .toList();
    assertThat(commands).contains("submit", "status", "results", "watch", "cancel", "jobs", "cluster",
        "local", "completion", "run", "coordinator", "worker");
  }

  @Test
  @Order(7)
  void jobsAndClusterDescribeWhatRan() throws Exception {
    Tasklane.Result jobs = Tasklane.run(work, 60, "jobs", "-o", "json");
    assertThat(jobs.exitCode()).as(jobs.stderr()).isZero();
    JsonNode list = JSON.readTree(jobs.stdout()).get("jobs");
    assertThat(list.size()).isGreaterThanOrEqualTo(5);
    List<Long> submitted = new ArrayList<>();
    Set<String> cancelledIds = new HashSet<>();
    for (JsonNode job : list) {
      submitted.add(job.get("submittedAt").asLong());
      assertThat(job.get("state").asText()).isIn("running", "succeeded", "failed", "cancelled");
      if (job.get("state").asText().equals("cancelled")) {
        cancelledIds.add(job.get("id").asText());
      }
    }
    assertThat(submitted).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(list.get(list.size() - 1).get("name").asText()).as("the oldest job").isEqualTo("naps");
    assertThat(cancelledIds).containsExactly(cancelledJob);

    Tasklane.Result onlyCancelled = Tasklane.run(work, 60, "jobs", "--state", "cancelled", "-o", "json");
    assertThat(onlyCancelled.exitCode()).as(onlyCancelled.stderr()).isZero();
    JsonNode cancelled = JSON.readTree(onlyCancelled.stdout()).get("jobs");
    assertThat(cancelled).hasSize(1);
    assertThat(cancelled.get(0).get("id").asText()).isEqualTo(cancelledJob);
    assertThat(cancelled.get(0).get("state").asText()).isEqualTo("cancelled");

    JsonNode cluster = cluster();
    JsonNode nodes = cluster.get("nodes");
    assertThat(nodes).hasSize(1 + WORKERS);
    List<String> roles = new ArrayList<>();
    nodes.forEach(node -> node.get("roles").forEach(role -> roles.add(role.asText())));
    assertThat(roles).containsExactlyInAnyOrder("coordinator", "worker", "worker");
    JsonNode lanes = cluster.get("lanes");
    assertThat(lanes).hasSize(2 * WORKERS);
    Set<String> workers = new HashSet<>();
    for (JsonNode lane : lanes) {
      workers.add(lane.get("worker").asText());
      if (lane.get("lane").asText().equals("io")) {
        assertThat(lane.get("capacity").asInt()).isEqualTo(IO_CAPACITY);
      } else {
        assertThat(lane.get("lane").asText()).isEqualTo("cpu");
        assertThat(lane.get("capacity").asInt()).isGreaterThanOrEqualTo(1);
      }
    }
    assertThat(workers).hasSize(WORKERS);
  }

  private void assertRefused(String name, String text, String location, String field) throws Exception {
    Path file = work.resolve(name);
    Files.writeString(file, text);
    Tasklane.Result submit = Tasklane.run(work, 60, "submit", file.toString());
    assertThat(submit.exitCode()).as("%s: %s", name, submit.stderr()).isEqualTo(2);
    assertThat(submit.stdout()).as(name).isBlank();
    assertThat(submit.stderr()).as(name).contains(location).contains(field);
  }

  private JsonNode status(String jobId) throws Exception {
    Tasklane.Result status = Tasklane.run(work, 60, "status", jobId, "-o", "json");
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    return JSON.readTree(status.stdout());
  }

  /** The API of the local cluster, from its state directory. */
  private static Api api() throws Exception {
    JsonNode state = JSON.readTree(work.resolve(".tasklane/cluster.json").toFile());
    return new Api(state.get("server").asText(), Files.readString(work.resolve(".tasklane/token")).trim());
  }

  private JsonNode cluster() throws Exception {
    Tasklane.Result cluster = Tasklane.run(work, 60, "cluster", "-o", "json");
    assertThat(cluster.exitCode()).as(cluster.stderr()).isZero();
    return JSON.readTree(cluster.stdout());
  }

  private boolean everyLaneIdle() throws Exception {
    JsonNode lanes = cluster().get("lanes");
    assertThat(lanes).hasSize(2 * WORKERS);
    for (JsonNode lane : lanes) {
      if (lane.get("busy").asInt() != 0) {
        return false;
      }
    }
    return true;
  }

  private List<String> resultLines(String jobId) throws Exception {
    Tasklane.Result results = Tasklane.run(work, 120, "results", jobId, "-o", "json");
    assertThat(results.exitCode()).as(results.stderr()).isIn(0, 1);
    return results.lines();
  }

  private JsonNode awaitEnded(String jobId) throws Exception {
    return awaitEnded(jobId, Duration.ofSeconds(60));
  }

  /** Waits through the API: a `tasklane status` per poll started a client JVM every 2 s. */
  private JsonNode awaitEnded(String jobId, Duration atMost) throws Exception {
    return api().awaitEnded(jobId, atMost);
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        try {
          lines.add(JSON.readTree(line));
        } catch (IOException partial) {
          // the last line may still be being written
        }
      }
    }
    return lines;
  }

  private static byte[] body(String path) {
    return ("body of " + path + "\n").repeat(50).getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** {@code results --follow}: each result as its task ends, in that order, until the job ends. */
  @Test
  @Order(9)
  void resultsFollowPrintsEachResultAsItsTaskEnds() throws Exception {
    Path job = work.resolve("staggered.yaml");
    Files.writeString(job, """
        tasks:
          - {id: slow, type: sleep, input: {ms: 1500}}
          - {id: fast, type: sleep, repeat: 3, input: {ms: 100}}
        """);
    Tasklane.Result submit = Tasklane.run(work, 60, "submit", job.toString(), "-q");
    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    Tasklane.Result follow = Tasklane.run(work, 60, "results", submit.stdout().strip(), "--follow", "-o", "json");
    assertThat(follow.exitCode()).as(follow.stderr()).isZero();
    List<String> ids = new ArrayList<>();
    for (String line : follow.lines()) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    assertThat(ids).as("in the order they ended, the slow one last").hasSize(4).endsWith("slow")
        .contains("fast-0", "fast-1", "fast-2");
  }

  /**
   * Submit with wait answers with the results inline while they fit in one message, and with
   * where to stream them from when they do not; results pages stay bounded either way.
   */
  @Test
  @Order(8)
  void waitAnswersLargeResultsWithWhereToStreamThem() throws Exception {
    JsonNode state = JSON.readTree(work.resolve(".tasklane/cluster.json").toFile());
    Api api = new Api(state.get("server").asText(), Files.readString(work.resolve(".tasklane/token")).trim());

    java.net.http.HttpResponse<String> small = api.send(api.request("/api/jobs?wait=true")
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"tasks\":[{\"id\":\"s\",\"type\":\"noop\",\"repeat\":3,\"input\":{\"i\":\"${i}\"}}]}")).build());
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
    assertThat(JSON.readTree(small.body()).get("results")).hasSize(3);

    // 24 outputs of 60,000 characters: 1,440,000 characters of result lines, over one message
    // (tasklane.coordinator.max-message-bytes, 1 MiB)
    String big = "x".repeat(60_000);
    java.net.http.HttpResponse<String> large = api.send(api.request("/api/jobs?wait=true")
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"tasks\":[{\"id\":\"b\",\"type\":\"noop\",\"repeat\":24,\"input\":{\"s\":\"" + big + "\"}}]}")).build());
    assertThat(large.statusCode()).as(large.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(large.body());
    assertThat(answer.get("state").asText()).isEqualTo("succeeded");
    assertThat(answer.has("results")).isFalse();
    String id = answer.get("id").asText();
    assertThat(answer.get("resultsUrl").asText()).isEqualTo("/api/jobs/" + id + "/results");

    List<JsonNode> results = api.results(id);
    assertThat(results).hasSize(24)
        .allSatisfy(result -> assertThat(result.at("/output/s").asText()).isEqualTo(big));
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }
}
