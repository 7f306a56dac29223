package io.tasklane.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.Exit;
import io.tasklane.protocol.job.JobSpecException.Problem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The coordinator's HTTP API (INTERFACE.md), one method per call. Every failure is an
 * {@link ApiException} carrying the exit code: 3 when the coordinator cannot be reached or
 * refuses the token, 2 for an invalid spec (with its problems) or an unknown job.
 */
public final class ApiClient {

  /** How long to wait for a TCP connection to the coordinator. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a non-streaming call may take. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI server;
  private final String token;
  private final HttpClient http;

  public ApiClient(URI server, String token) {
    this.server = withoutTrailingSlash(server);
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public URI server() {
    return server;
  }

  /** Posts the job file's raw text; returns the new job's id. */
  public String submit(Path file) throws ApiException {
    HttpRequest request;
    try {
      request = request("/api/jobs")
          .header("Content-Type", contentType(file))
          .header("X-Tasklane-File", file.toString())
          .POST(HttpRequest.BodyPublishers.ofFile(file))
          .build();
    } catch (FileNotFoundException missing) {
      throw new ApiException(Exit.USAGE, "no such file: " + file);
    }
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 400) {
      throw invalidSpec(file, response.body());
    }
    JsonNode body = expectOk(response, null);
    String id = body.path("id").asText("");
    if (id.isEmpty()) {
      throw new ApiException(Exit.UNREACHABLE, "the coordinator accepted the job but sent no id");
    }
    return id;
  }

  /** {@code GET /api/jobs/{id}}: state and counts per lane. */
  public JsonNode status(String jobId) throws ApiException {
    return expectOk(send(request(jobPath(jobId)).GET().build()), jobId);
  }

  /** {@code GET /api/jobs/{id}/results}: each ndjson line handed over as it arrives. */
  public void results(String jobId, Consumer<String> line) throws ApiException {
    HttpRequest request = request(jobPath(jobId) + "/results").GET().build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), lines.collect(Collectors.joining("\n")), jobId);
      }
      lines.filter(text -> !text.isBlank()).forEach(line);
    } catch (java.io.UncheckedIOException broken) {
      throw new ApiException(Exit.UNREACHABLE,
          "lost the connection to the coordinator at " + server + " while reading results: "
              + broken.getCause().getMessage(), broken);
    }
  }

  /** {@code GET /api/cluster}: nodes, roles, lanes. */
  public JsonNode cluster() throws ApiException {
    return expectOk(send(request("/api/cluster").GET().build()), null);
  }

  /** {@code GET} of any API path, for commands to come ({@code jobs}, {@code watch}). */
  public JsonNode get(String path) throws ApiException {
    return expectOk(send(request(path).GET().build()), null);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, application/x-ndjson");
  }

  private HttpResponse<String> send(HttpRequest request) throws ApiException {
    HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true)
        .timeout(REQUEST_TIMEOUT)
        .build();
    return exchange(bounded, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws ApiException {
    try {
      return http.send(request, handler);
    } catch (ConnectException | HttpConnectTimeoutException refused) {
      throw unreachable("connection refused", refused);
    } catch (IOException broken) {
      String reason = broken.getMessage() == null ? broken.getClass().getSimpleName() : broken.getMessage();
      throw unreachable(reason, broken);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ApiException(Exit.UNREACHABLE, "interrupted while talking to " + server, interrupted);
    }
  }

  private ApiException unreachable(String reason, Throwable cause) {
    return new ApiException(Exit.UNREACHABLE,
        "cannot reach the coordinator at " + server + ": " + reason, cause);
  }

  private JsonNode expectOk(HttpResponse<String> response, String jobId) throws ApiException {
    int code = response.statusCode();
    if (code >= 200 && code < 300) {
      return Json.parseOrMissing(response.body());
    }
    throw failure(code, response.body(), jobId);
  }

  private ApiException failure(int code, String body, String jobId) {
    String error = Json.parseOrMissing(body).path("error").asText("");
    return switch (code) {
      case 401, 403 -> new ApiException(Exit.UNREACHABLE, "the coordinator at " + server
          + " refused the credentials (" + code + ")" + (error.isEmpty() ? "" : ": " + error));
      case 404 -> new ApiException(Exit.USAGE,
          error.isEmpty() ? (jobId == null ? "not found" : "no job '" + jobId + "'") : error);
      case 400 -> new ApiException(Exit.USAGE, error.isEmpty() ? "bad request" : error);
      default -> new ApiException(Exit.UNREACHABLE, "the coordinator at " + server
          + " answered " + code + (error.isEmpty() ? "" : ": " + error));
    };
  }

  private static ApiException invalidSpec(Path file, String body) {
    JsonNode json = Json.parseOrMissing(body);
    List<Problem> problems = new ArrayList<>();
    for (JsonNode problem : json.path("problems")) {
      problems.add(new Problem(
          problem.path("file").asText(file.toString()),
          problem.path("line").asInt(0),
          problem.path("field").asText(""),
          problem.path("message").asText("")));
    }
    String error = json.path("error").asText("invalid job spec");
    if (problems.isEmpty()) {
      problems.add(new Problem(file.toString(), 0, "", error));
    }
    return new ApiException(Exit.USAGE, error, problems);
  }

  private static String jobPath(String jobId) {
    return "/api/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String contentType(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? "application/json" : "application/yaml";
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
