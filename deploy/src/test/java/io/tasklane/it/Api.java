package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The coordinator's HTTP API through {@code java.net.http}: what a script would do with curl.
 * Fast enough to poll (a client process per call costs a JVM start).
 */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final SSLContext trust;
  private final URI server;
  private final String token;

  Api(String server, String token) {
    this(server, token, null);
  }

  /** @param trust whom an https server must be vouched for by (the cluster's CA); null for the JDK's defaults */
  Api(String server, String token, SSLContext trust) {
    this(server, token, trust, Duration.ofSeconds(5));
  }

  private Api(String server, String token, SSLContext trust, Duration connectTimeout) {
    this.trust = trust;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (trust != null) {
      builder.sslContext(trust);
    }
    this.http = builder.build();
    this.server = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
    this.token = token;
  }

  /** The same server and token, with its own client that waits up to {@code connectTimeout} to connect. */
  Api withConnectTimeout(Duration connectTimeout) {
    return new Api(server.toString(), token, trust, connectTimeout);
  }

  HttpClient http() {
    return http;
  }

  URI server() {
    return server;
  }

  String token() {
    return token;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  HttpResponse<String> postJob(String spec) throws IOException, InterruptedException {
    return send(request("/api/jobs").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(spec)).build());
  }

  /** Submits a job spec (JSON or YAML text); returns its id. */
  String submit(String spec) throws IOException, InterruptedException {
    HttpResponse<String> response = postJob(spec);
    assertThat(response.statusCode()).as("submit: %s", response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).get("id").asText();
  }

  /** {@code POST /api/jobs/{id}/tasks} (an open job), JSON body; the answer as it came. */
  HttpResponse<String> appendTasks(String jobId, boolean wait, String body) throws IOException, InterruptedException {
    return send(request("/api/jobs/" + jobId + "/tasks" + (wait ? "?wait=true" : ""))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** {@link #appendTasks} under an {@code Idempotency-Key}. */
  HttpResponse<String> appendTasks(String jobId, boolean wait, String body, String key) throws IOException, InterruptedException {
    return send(request("/api/jobs/" + jobId + "/tasks" + (wait ? "?wait=true" : ""))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** {@code POST /api/jobs/{id}/close}: the answer as it came. */
  HttpResponse<String> close(String jobId) throws IOException, InterruptedException {
    return send(request("/api/jobs/" + jobId + "/close").POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  JsonNode status(String jobId) throws IOException, InterruptedException {
    return ok(get("/api/jobs/" + jobId));
  }

  JsonNode cluster() throws IOException, InterruptedException {
    return ok(get("/api/cluster"));
  }

  /** Every result line of a job, in the order served. */
  List<JsonNode> results(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/jobs/" + jobId + "/results");
    assertThat(response.statusCode()).as("results of %s", jobId).isEqualTo(200);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /**
   * The job's results by task id, asserting there is exactly one result per id and
   * {@code expected} results in all.
   */
  Map<String, JsonNode> resultsById(String jobId, int expected) throws IOException, InterruptedException {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode result : results(jobId)) {
      JsonNode previous = byId.put(result.get("id").asText(), result);
      assertThat(previous).as("a second result for task %s: %s", result.get("id").asText(), result).isNull();
    }
    assertThat(byId).as("results of %s", jobId).hasSize(expected);
    return byId;
  }

  /**
   * Polls the job until it is no longer running; tolerates a coordinator that is down or
   * answers 503 meanwhile (it may be restarting or failing over).
   */
  JsonNode awaitEnded(String jobId, Duration atMost) {
    JsonNode[] last = new JsonNode[1];
    try {
      await("job " + jobId + " ended").atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> {
            last[0] = status(jobId);
            return !last[0].get("state").asText().equals("running");
          });
    } catch (ConditionTimeoutException late) {
      throw new AssertionError("job " + jobId + " did not end within " + atMost + "; last status: " + last[0], late);
    }
    return last[0];
  }

  private static JsonNode ok(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
