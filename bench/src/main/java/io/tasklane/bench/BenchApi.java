package io.tasklane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.command.ServerOptions;
import io.tasklane.client.lib.JobEvent;
import io.tasklane.client.lib.ResultQuery;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.lib.TasklaneException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Runs one job end to end through the coordinator's HTTP API: small jobs with
 * {@code POST /api/jobs?wait=true} (results inline), larger ones with a plain submit, then the
 * end ({@link EndDetection}), then the streamed results (the client library's result lines).
 */
final class BenchApi {

  /** The largest job the coordinator answers inline ({@code tasklane.coordinator.wait.max-tasks}). */
  static final int MAX_WAIT_TASKS = 1000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SUCCEEDED = "\"status\":\"succeeded\"";
  private static final byte[] SUCCEEDED_BYTES = SUCCEEDED.getBytes(StandardCharsets.US_ASCII);
  private static final Duration JOB_LIMIT = Duration.ofMinutes(5);
  private static final String SUBMISSION_TYPE = "application/vnd.tasklane.submission+json";

  private final URI server;
  private final String token;
  private final TasklaneClient api;
  private final HttpClient http;
  /** Submits, appends and result streams over {@link PlainHttp}; null: the JDK client and the client library ({@code --http jdk}, or HTTPS). */
  private final PlainHttp plain;
  private final EndDetection end;
  private final long pollNanos;
  private final AtomicBoolean waitMissing = new AtomicBoolean();

  BenchApi(URI server, String token, EndDetection end, long pollMillis, boolean plainHttp) {
    this.server = server;
    this.token = token;
    this.api = TasklaneClient.builder().server(server.toString()).token(token).retry(ServerOptions.ONE_ATTEMPT).build();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TasklaneClient.DEFAULT_CONNECT_TIMEOUT).build();
    this.plain = plainHttp && "http".equals(server.getScheme()) ? new PlainHttp(server, token, JOB_LIMIT) : null;
    this.end = end;
    this.pollNanos = Duration.ofMillis(pollMillis).toNanos();
  }

  /** True once a {@code ?wait=true} submit came back 202: the coordinator lacks it (or timed out). */
  boolean waitMissing() {
    return waitMissing.get();
  }

  /** Submits the job, waits for its end and every result; fails unless all {@code tasks} succeeded. */
  JobRun run(String name, String spec, long tasks) throws BenchFailure {
    long start = System.nanoTime();
    boolean wait = tasks <= MAX_WAIT_TASKS;
    JsonNode accepted = submit(name, spec, wait);
    long[] counts;
    String first;
    String via;
    long endNanos;
    if (accepted.has("results")) {
      Inline inline = Inline.of(accepted);
      counts = new long[] {inline.count(), inline.succeeded()};
      first = inline.first();
      via = "wait";
      endNanos = System.nanoTime() - start;
    } else {
      if (wait) {
        waitMissing.set(true);
      }
      String id = accepted.path("id").asText();
      AtomicReference<String> firstLine = new AtomicReference<>("");
      if (end == EndDetection.follow) {
        counts = results(id, firstLine, true);
        endNanos = System.nanoTime() - start;
      } else {
        awaitEnd(id);
        endNanos = System.nanoTime() - start;
        counts = results(id, firstLine, false);
      }
      first = firstLine.get();
      via = end.name();
    }
    long nanos = System.nanoTime() - start;
    if (counts[0] != tasks || counts[1] != tasks) {
      throw new BenchFailure(name + ": expected " + tasks + " succeeded results, got " + counts[0]
          + " results of which " + counts[1] + " succeeded");
    }
    return new JobRun(nanos, counts[0], counts[1], first, via, endNanos);
  }

  /** {@code GET /api/jobs/{id}}: the job's status. */
  JsonNode status(String id) throws BenchFailure {
    try {
      return api.attach(id).statusJson();
    } catch (TasklaneException failed) {
      throw new BenchFailure("status of " + id + ": " + failed.getMessage(), failed);
    }
  }

  /** {@code GET /api/cluster}: nodes and lanes; a missing node when it cannot be read. */
  JsonNode cluster() {
    try {
      return api.cluster();
    } catch (TasklaneException failed) {
      return MAPPER.missingNode();
    }
  }

  /** Submits an open job (no tasks yet); returns its id. */
  String open(String name) throws BenchFailure {
    return submit(name, "{\"name\":\"" + name + "\",\"open\":true}", false).path("id").asText();
  }

  /**
   * Appends tasks to an open job and waits for their results ({@code POST /api/jobs/{id}/tasks?wait=true});
   * fails unless all {@code tasks} succeeded.
   */
  JobRun append(String jobId, String tasksJson, long tasks) throws BenchFailure {
    long start = System.nanoTime();
    JsonNode answer = post(jobId, "/api/jobs/" + jobId + "/tasks?wait=true", "application/json", tasksJson);
    long nanos = System.nanoTime() - start;
    Inline inline = Inline.of(answer);
    if (inline.count() != tasks || inline.succeeded() != tasks) {
      throw new BenchFailure(jobId + ": expected " + tasks + " succeeded results of an append, got " + answer);
    }
    return new JobRun(nanos, inline.count(), inline.succeeded(), inline.first(), "append-wait", nanos);
  }

  /** The results inline in a waited answer: how many, how many succeeded, the first's output. */
  private record Inline(long count, long succeeded, String first) {

    static Inline of(JsonNode answer) {
      long count = 0;
      long succeeded = 0;
      String first = "";
      for (JsonNode result : answer.path("results")) {
        if (count++ == 0) {
          first = result.path("output").toString();
        }
        if ("succeeded".equals(result.path("status").asText())) {
          succeeded++;
        }
      }
      return new Inline(count, succeeded, first);
    }
  }

  /** Closes an open job ({@code POST /api/jobs/{id}/close}). */
  void close(String jobId) throws BenchFailure {
    post(jobId, "/api/jobs/" + jobId + "/close", "application/json", "");
  }

  private JsonNode submit(String name, String spec, boolean wait) throws BenchFailure {
    ObjectNode envelope = MAPPER.createObjectNode().put("file", name + ".json").put("text", spec);
    envelope.putObject("attachments");
    return post(name, "/api/jobs" + (wait ? "?wait=true" : ""), SUBMISSION_TYPE, envelope.toString());
  }

  private JsonNode post(String name, String path, String contentType, String body) throws BenchFailure {
    if (plain == null) {
      return jdkPost(name, path, contentType, body);
    }
    PlainHttp.Response response;
    try {
      response = plain.post(path, contentType, body);
    } catch (IOException broken) {
      throw new BenchFailure(name + ": POST " + path + " failed: " + broken, broken);
    }
    return answer(name, path, response.status(), response.body());
  }

  private JsonNode jdkPost(String name, String path, String contentType, String body) throws BenchFailure {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server + path))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .header("Content-Type", contentType)
        .timeout(JOB_LIMIT)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException broken) {
      throw new BenchFailure(name + ": POST " + path + " failed: " + broken, broken);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(name + ": interrupted during POST " + path, interrupted);
    }
    return answer(name, path, response.statusCode(), response.body());
  }

  private static JsonNode answer(String name, String path, int code, String body) throws BenchFailure {
    if (code != 200 && code != 202) {
      throw new BenchFailure(name + ": POST " + path + " answered " + code + ": " + body);
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException notJson) {
      throw new BenchFailure(name + ": POST " + path + " answered " + code + " with no JSON: " + body, notJson);
    }
  }

  private void awaitEnd(String id) throws BenchFailure {
    long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
    if (end == EndDetection.sse) {
      AtomicBoolean ended = new AtomicBoolean();
      while (!ended.get() && System.nanoTime() < deadline) {
        try (Stream<JobEvent> events = api.attach(id).events()) {
          if (events.anyMatch(JobEvent::isEnd)) {
            ended.set(true);
          }
        } catch (TasklaneException failed) {
          if (!ApiException.worthRetrying(failed)) {
            throw new BenchFailure("events of " + id + ": " + failed.getMessage(), failed);
          }
        }
      }
      if (ended.get()) {
        return;
      }
    } else {
      while (System.nanoTime() < deadline) {
        if (!"running".equals(status(id).path("state").asText("running"))) {
          return;
        }
        LockSupport.parkNanos(pollNanos);
      }
    }
    if (System.nanoTime() >= deadline) {
      throw new BenchFailure("job " + id + " did not end within " + JOB_LIMIT.toMinutes() + " minutes");
    }
  }

  /** Streams the results; returns {total, succeeded}. */
  private long[] results(String id, AtomicReference<String> first, boolean follow) throws BenchFailure {
    if (plain != null) {
      return plainResults(id, first, follow);
    }
    AtomicLong total = new AtomicLong();
    AtomicLong succeeded = new AtomicLong();
    try (Stream<String> lines = api.attach(id).resultLines(new ResultQuery(follow, false, 0))) {
      lines.forEach(line -> {
        if (total.getAndIncrement() == 0) {
          first.set(parse(line).path("output").toString());
        }
        if (line.contains(SUCCEEDED) || "succeeded".equals(parse(line).path("status").asText())) {
          succeeded.incrementAndGet();
        }
      });
    } catch (TasklaneException failed) {
      throw new BenchFailure("results of " + id + ": " + failed.getMessage(), failed);
    }
    return new long[] {total.get(), succeeded.get()};
  }

  /**
   * {@link #results} over {@link PlainHttp}: every line read as bytes, a line that does not say
   * {@code "status":"succeeded"} as it is rendered parsed to be sure. One connection: a lost
   * one fails the run (the client library's follower would resume it).
   */
  private long[] plainResults(String id, AtomicReference<String> first, boolean follow) throws BenchFailure {
    long[] counts = new long[2];
    String path = "/api/jobs/" + id + "/results" + (follow ? "?follow=true" : "");
    try {
      plain.getLines(path, "application/x-ndjson", (bytes, from, to) -> {
        if (to == from) {
          return; // a follow's keep-alive
        }
        if (counts[0]++ == 0) {
          first.set(parse(new String(bytes, from, to - from, StandardCharsets.UTF_8)).path("output").toString());
        }
        if (contains(bytes, from, to, SUCCEEDED_BYTES)
            || "succeeded".equals(parse(new String(bytes, from, to - from, StandardCharsets.UTF_8)).path("status").asText())) {
          counts[1]++;
        }
      });
    } catch (IOException failed) {
      throw new BenchFailure("results of " + id + ": " + failed.getMessage(), failed);
    }
    return counts;
  }

  private static boolean contains(byte[] bytes, int from, int to, byte[] part) {
    outer:
    for (int i = from; i <= to - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static JsonNode parse(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (IOException notJson) {
      return MAPPER.missingNode();
    }
  }
}
