package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests against a real coordinator's HTTP API: each gets a clear 4xx with a JSON body,
 * and neither the coordinator nor a job running meanwhile notices anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  private static final int BACKGROUND_NAPS = 400;
  private static final int BACKGROUND_HASHES = 40;

  @TempDir static Path work;
  private LocalCluster cluster;
  private Api api;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalCluster.up(work, 1, Map.of());
    api = cluster.api();
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyBadRequestGetsAClear4xxAndTheClusterAndOtherJobsCarryOn() throws Exception {
    // A job that runs through all of the bad requests below.
    String background = api.submit("""
        {"name": "background", "defaults": {"timeout": "60s"},
         "tasks": [
           {"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 4000}},
           {"id": "hash", "type": "sha256", "repeat": %d, "input": {"iterations": 100000}}
         ]}
        """.formatted(BACKGROUND_NAPS, BACKGROUND_HASHES));

    HttpResponse<String> malformed = api.postJob("{\"tasks\": [{\"type\": \"noop\", ");
    assertJsonError(malformed, 400);

    HttpResponse<String> notAnObject = api.postJob("[1, 2, 3]");
    assertJsonError(notAnObject, 400);

    HttpResponse<String> unknownType = api.postJob("""
        {"tasks": [{"type": "noop"}, {"type": "teleport", "input": {}}]}
        """);
    JsonNode unknown = assertJsonError(unknownType, 400);
    assertThat(unknown.get("problems")).as(unknownType.body()).isNotEmpty();
    assertThat(unknown.get("problems").toString()).contains("teleport");

    HttpResponse<String> tooMany = api.postJob("""
        {"tasks": [{"type": "noop", "repeat": 10000001}]}
        """);
    JsonNode many = assertJsonError(tooMany, 400);
    assertThat(tooMany.body()).containsPattern("10,?000,?000");

    HttpResponse<String> tooManyTogether = api.postJob("""
        {"tasks": [{"id": "a", "type": "noop", "repeat": 5000001}, {"id": "b", "type": "noop", "repeat": 5000000}]}
        """);
    assertJsonError(tooManyTogether, 400);
    assertThat(tooManyTogether.body()).containsPattern("10,?000,?000");
    assertThat(many.get("error").asText()).isNotBlank();

    HttpResponse<String> bigInput = api.postJob("""
        {"tasks": [{"type": "noop", "input": {"blob": "%s"}}]}
        """.formatted("y".repeat(100_000)));
    assertJsonError(bigInput, 400);

    RawResponse huge = postRaw(100 * 1024 * 1024);
    new Steps("BadInputIT").log("a 100 MB body: %s %s", huge.status(), huge.body());
    assertThat(huge.status()).as(huge.body()).isIn(413, 400);
    assertThat(Api.JSON.readTree(huge.body()).get("error").asText()).as(huge.body()).isNotBlank();
    assertThat(api.get("/api/cluster").statusCode()).as("the coordinator answers after a 100 MB body").isEqualTo(200);

    HttpResponse<String> wrongToken = api.send(HttpRequest.newBuilder(api.server().resolve("/api/jobs"))
        .header("Authorization", "Bearer not-the-token").GET().build());
    assertJsonError(wrongToken, 401);
    HttpResponse<String> wrongTokenSubmit = api.send(HttpRequest.newBuilder(api.server().resolve("/api/jobs"))
        .header("Authorization", "Bearer not-the-token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"tasks\": [{\"type\": \"noop\"}]}")).build());
    assertJsonError(wrongTokenSubmit, 401);
    HttpResponse<String> noToken = api.send(HttpRequest.newBuilder(api.server().resolve("/api/cluster")).GET().build());
    assertJsonError(noToken, 401);
    HttpResponse<String> notBearer = api.send(HttpRequest.newBuilder(api.server().resolve("/api/cluster"))
        .header("Authorization", "Basic " + api.token()).GET().build());
    assertJsonError(notBearer, 401);

    // None of that touched the cluster: a new job runs, and the job that ran meanwhile is whole.
    String normal = api.submit("""
        {"name": "normal", "tasks": [{"id": "n", "type": "noop", "repeat": 50, "input": {"v": "${i}"}},
                                     {"id": "h", "type": "sha256", "repeat": 4, "input": {"iterations": 1000}}]}
        """);
    assertThat(api.awaitEnded(normal, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");
    Map<String, JsonNode> normalResults = api.resultsById(normal, 54);
    assertThat(normalResults.get("n-49").at("/output/v").asText()).isEqualTo("49");

    JsonNode status = api.awaitEnded(background, Duration.ofSeconds(120));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("succeeded");
    api.resultsById(background, BACKGROUND_NAPS + BACKGROUND_HASHES).values().forEach(result ->
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded"));
    JsonNode jobs = Api.JSON.readTree(api.get("/api/jobs").body()).get("jobs");
    assertThat(jobs).as("only the two accepted jobs exist").hasSize(2);
  }

  private static JsonNode assertJsonError(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    JsonNode body = Api.JSON.readTree(response.body());
    assertThat(body.path("error").asText()).as(response.body()).isNotBlank();
    return body;
  }

  private record RawResponse(int status, String body) {}

  /**
   * POST /api/jobs with a body of {@code size} bytes over a plain socket: the answer is read
   * while the body is still being sent (a server may answer 413 and close early).
   */
  private RawResponse postRaw(int size) throws Exception {
    try (Socket socket = new Socket(api.server().getHost(), api.server().getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      String head = "POST /api/jobs HTTP/1.1\r\n"
          + "Host: " + api.server().getHost() + ":" + api.server().getPort() + "\r\n"
          + "Authorization: Bearer " + api.token() + "\r\n"
          + "Content-Type: application/json\r\n"
          + "Content-Length: " + size + "\r\n"
          + "Connection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        byte[] start = "{\"tasks\": [{\"type\": \"noop\", \"input\": {\"v\": \"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, chunk, 0, start.length);
        try {
          for (int sent = 0; sent < size; sent += chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, size - sent));
            if (sent == 0) {
              Arrays.fill(chunk, 0, start.length, (byte) 'x');
            }
          }
          out.flush();
        } catch (IOException closedEarly) {
          // the server answered and closed before taking it all: fine
        }
      });
      byte[] response = readResponse(socket.getInputStream());
      sending.get(60, TimeUnit.SECONDS);
      String text = new String(response, StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4));
      int bodyStart = text.indexOf("\r\n\r\n");
      String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
      if (text.toLowerCase().contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new RawResponse(status, body);
    }
  }

  /** Reads until the server closes the connection (Connection: close) or the headers' length is read. */
  private static byte[] readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException reset) {
        break;
      }
      if (n < 0) {
        break;
      }
      bytes.write(buffer, 0, n);
      String text = bytes.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        String headers = text.substring(0, end).toLowerCase();
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
          int length = Integer.parseInt(headers.substring(at + 15).split("\r\n")[0].trim());
          if (bytes.size() >= end + 4 + length) {
            break;
          }
        }
      }
    }
    return bytes.toByteArray();
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int length = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (length == 0) {
        break;
      }
      body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + length));
      at = lineEnd + 2 + length + 2;
    }
    return body.toString();
  }

  /** A coordinator that cannot serve its API does not linger: it stops, says why, exits 1. */
  @Test
  void aCoordinatorWhoseHttpPortIsTakenExitsOneAndSaysWhy() throws Exception {
    int taken = api.server().getPort(); // the running coordinator's
    int clusterPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      clusterPort = free.getLocalPort();
    }
    Tasklane.Result second = Distribution.run(work, Map.of(), 120, "coordinator", "--host", "127.0.0.1",
        "--port", Integer.toString(clusterPort), "--http-port", Integer.toString(taken),
        "--data-dir", work.resolve("second-coordinator").toString());

    assertThat(second.exitCode()).as("%s%s", second.stdout(), second.stderr()).isEqualTo(1);
    assertThat(second.stdout() + second.stderr()).contains("Cannot serve the HTTP API on 127.0.0.1:" + taken);
    assertThat(api.cluster().get("lanes")).as("the running cluster did not notice").hasSize(2);
  }
}
