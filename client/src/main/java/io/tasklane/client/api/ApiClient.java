package io.tasklane.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.protocol.job.JobSpecException.Problem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The coordinator's HTTP API (docs/api.md), one method per call. Every failure is an
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
    this(server, token, null);
  }

  /** @param trust whom to trust for an {@code https} server ({@link CaTrust}); null for the JDK's defaults */
  public ApiClient(URI server, String token, SSLContext trust) {
    this.server = withoutTrailingSlash(server);
    this.token = token;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (trust != null) {
      builder.sslContext(trust);
    }
    this.http = builder.build();
  }

  public URI server() {
    return server;
  }

  /** The media type of a submission envelope: {@code {"file", "text", "attachments"}}. */
  public static final String SUBMISSION_TYPE = "application/vnd.tasklane.submission+json";
  /** The header that makes a submission idempotent. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * {@code POST /api/jobs} with the envelope {@code {"file", "text", "attachments"}}: the job
   * file as the user wrote it and the files its {@code foreach} entries name. 202 is a new job,
   * 200 an existing one with this key or id; 409 (that id with another spec) and 400 are exit 2.
   *
   * @param idempotencyKey sent as {@code Idempotency-Key}; null for none
   */
  public Submission submit(String fileName, String text, Map<String, String> attachments,
      String idempotencyKey) throws ApiException {
    ObjectNode envelope = Json.MAPPER.createObjectNode().put("file", fileName).put("text", text);
    ObjectNode files = envelope.putObject("attachments");
    attachments.forEach(files::put);
    HttpRequest.Builder request = request("/api/jobs")
        .header("Content-Type", SUBMISSION_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(envelope.toString(), StandardCharsets.UTF_8));
    if (idempotencyKey != null) {
      request.header(IDEMPOTENCY_KEY, idempotencyKey);
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() == 400) {
      throw invalidSpec(fileName, response.body());
    }
    if (response.statusCode() == 409) {
      String error = Json.parseOrMissing(response.body()).path("error").asText("");
      throw new ApiException(Exit.USAGE, error.isEmpty() ? "a job with this id exists with another spec" : error);
    }
    JsonNode body = expectOk(response, null);
    String id = body.path("id").asText("");
    if (id.isEmpty()) {
      throw new ApiException(Exit.UNREACHABLE, "the coordinator accepted the job but sent no id");
    }
    boolean created = body.path("created").asBoolean(response.statusCode() == 202);
    return new Submission(id, created, body.path("tasks").asLong(-1));
  }

  /** {@code GET /api/jobs/{id}}: state and counts per lane. */
  public JsonNode status(String jobId) throws ApiException {
    return expectOk(send(request(jobPath(jobId)).GET().build()), jobId);
  }

  /** {@code GET /api/jobs/{id}/results}: each ndjson line handed over as it arrives. */
  public void results(String jobId, Consumer<String> line) throws ApiException {
    results(jobId, false, 0, line);
  }

  /**
   * {@code GET /api/jobs/{id}/results?failed=true&limit=N}: each ndjson line handed over as it
   * arrives, none held.
   *
   * @param failedOnly only tasks whose status is not {@code succeeded}
   * @param limit at most this many; 0 for all
   */
  public void results(String jobId, boolean failedOnly, long limit, Consumer<String> line)
      throws ApiException {
    results(jobId, failedOnly, limit, false, line);
  }

  /**
   * As {@link #results(String, boolean, long, Consumer)}; with {@code follow} the results come
   * in the order the tasks end, as they end, and the call returns once the job has ended and
   * every result was handed over ({@code ?follow=true}).
   */
  public void results(String jobId, boolean failedOnly, long limit, boolean follow, Consumer<String> line)
      throws ApiException {
    String path = jobPath(jobId) + "/results" + Query.of("failed", failedOnly ? "true" : null,
        "limit", limit > 0 ? Long.toString(limit) : null, "follow", follow ? "true" : null);
    HttpRequest request = request(path).GET().build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), lines.collect(Collectors.joining("\n")), jobId);
      }
      lines.filter(text -> !text.isBlank()).forEach(line);
    } catch (java.io.UncheckedIOException broken) {
      throw ApiException.transientFailure(
          "lost the connection to the coordinator at " + server + " while reading results: "
              + broken.getCause().getMessage(), broken);
    }
  }

  /**
   * {@code GET /api/jobs/{id}/events} ({@code text/event-stream}): each event handed over as it
   * arrives until the server closes the stream. Returns normally when the stream ended (with or
   * without an {@code end} event: the caller decides); an HTTP error or a broken connection is
   * an exception (exit 3; 2 for an unknown job).
   */
  public void events(String jobId, Consumer<SseEvent> event) throws ApiException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server + jobPath(jobId) + "/events"))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream")
        .GET().build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), lines.collect(Collectors.joining("\n")), jobId);
      }
      SseDecoder decoder = new SseDecoder(event);
      lines.forEach(decoder::accept);
      decoder.accept("");
    } catch (java.io.UncheckedIOException broken) {
      throw ApiException.transientFailure(
          "lost the event stream of job " + jobId + " from " + server + ": "
              + broken.getCause().getMessage(), broken);
    }
  }

  /**
   * {@code DELETE /api/jobs/{id}}: the job's status after cancelling (202), or its status with a
   * {@code "message"} when it had already ended (200). Unknown job: exit 2.
   */
  public JsonNode cancel(String jobId) throws ApiException {
    return expectOk(send(request(jobPath(jobId)).DELETE().build()), jobId);
  }

  /** {@code GET /api/jobs?state=S&limit=N}: {@code {"jobs": [...]}}, newest first. */
  public JsonNode jobs(String state, int limit) throws ApiException {
    String query = Query.of("state", state, "limit", limit > 0 ? Integer.toString(limit) : null);
    return expectOk(send(request("/api/jobs" + query).GET().build()), null);
  }

  /** {@code GET /api/cluster}: nodes, roles, lanes. */
  public JsonNode cluster() throws ApiException {
    return expectOk(send(request("/api/cluster").GET().build()), null);
  }

  /**
   * {@code POST /api/plugins?file=NAME}: uploads a plugin jar; the version kept (201), or the one
   * kept already with these bytes (200, {@code "alreadyKept": true}). A refused jar: exit 2 with
   * the jar's name and the reason.
   */
  public JsonNode addPlugin(String fileName, byte[] jar) throws ApiException {
    return pluginAnswer(send(request("/api/plugins" + Query.of("file", fileName))
        .header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build()));
  }

  /** {@code GET /api/plugins}: {@code {"plugins": [...]}}, oldest first. */
  public JsonNode plugins() throws ApiException {
    return pluginAnswer(send(request("/api/plugins").GET().build()));
  }

  /** {@code DELETE /api/plugins/NAME} (or {@code NAME@VERSION}): {@code {"removed": [...]}}; none such: exit 2. */
  public JsonNode removePlugin(String nameOrVersion) throws ApiException {
    String path = "/api/plugins/" + URLEncoder.encode(nameOrVersion, StandardCharsets.UTF_8).replace("+", "%20");
    return pluginAnswer(send(request(path).DELETE().build()));
  }

  /** A jar over the server's limit (413) is the user's to fix: exit 2, like any refusal. */
  private JsonNode pluginAnswer(HttpResponse<String> response) throws ApiException {
    if (response.statusCode() == 413) {
      String error = Json.parseOrMissing(response.body()).path("error").asText("the plugin jar is too large");
      throw new ApiException(Exit.USAGE, error);
    }
    return expectOk(response, null);
  }

  /** {@code GET /api/types}: the task types the workers offer, their lanes, inputs and workers. */
  public JsonNode types() throws ApiException {
    return expectOk(send(request("/api/types").GET().build()), null);
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
    } catch (SSLHandshakeException untrusted) {
      // not transient: retrying cannot make the certificate trusted
      throw new ApiException(Exit.UNREACHABLE, "cannot reach the coordinator at " + server + ": the TLS handshake failed ("
          + untrusted.getMessage() + "); trust the cluster's CA with --ca-file (env TASKLANE_CA_FILE), the ca.pem of "
          + "'tasklane certs init', and use a host name the certificate names", untrusted);
    } catch (IOException broken) {
      String reason = broken.getMessage() == null ? broken.getClass().getSimpleName() : broken.getMessage();
      throw unreachable(reason, broken);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new ApiException(Exit.UNREACHABLE, "interrupted while talking to " + server, interrupted);
    }
  }

  private ApiException unreachable(String reason, Throwable cause) {
    return ApiException.transientFailure(
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
      default -> ApiException.transientFailure("the coordinator at " + server
          + " answered " + code + (error.isEmpty() ? "" : ": " + error), null);
    };
  }

  private static ApiException invalidSpec(String file, String body) {
    JsonNode json = Json.parseOrMissing(body);
    List<Problem> problems = new ArrayList<>();
    for (JsonNode problem : json.path("problems")) {
      problems.add(new Problem(
          problem.path("file").asText(file),
          problem.path("line").asInt(0),
          problem.path("field").asText(""),
          problem.path("message").asText("")));
    }
    String error = json.path("error").asText("invalid job spec");
    if (problems.isEmpty()) {
      problems.add(new Problem(file, 0, "", error));
    }
    return new ApiException(Exit.USAGE, error, problems);
  }

  private static String jobPath(String jobId) {
    return "/api/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20");
  }


  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
