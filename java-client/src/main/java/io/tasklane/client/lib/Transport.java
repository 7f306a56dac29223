package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The coordinator's HTTP API with the token, retries and typed errors: every call is tried
 * again after a failure that may pass ({@link RetryPolicy}). Only requests that are safe to
 * repeat come here: reads, cancel, close, and submits and appends under an idempotency key.
 */
final class Transport {

  /** A JSON answer and its status (202 and 200 mean different things for a submit). */
  record Answer(int status, JsonNode body) {}

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Duration requestTimeout;

  Transport(URI server, String token, HttpClient http, RetryPolicy retry, Duration requestTimeout) {
    this.server = server;
    this.token = token;
    this.http = http;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
  }

  URI server() {
    return server;
  }

  RetryPolicy retry() {
    return retry;
  }

  HttpClient http() {
    return http;
  }

  /** A request to {@code path} with the token. */
  HttpRequest.Builder request(String path) {
    String base = server.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }

  /**
   * {@code method path} with {@code body} (null for none) and headers, its JSON answer.
   *
   * @param fileName the job's name when the body is a job (its 400 is an {@link InvalidJobException})
   * @param jobId the job the call is about, for a 404's message
   */
  Answer call(String method, String path, String contentType, String body, Map<String, String> headers,
      String fileName, String jobId) {
    return call(method, path, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers, fileName, jobId, true);
  }

  /** A call without a body: a read, a cancel, a close. */
  Answer call(String method, String path, String jobId) {
    return call(method, path, null, null, Map.of(), null, jobId);
  }

  /**
   * As {@link #call(String, String, String, String, Map, String, String)} with any body;
   * {@code retried} false sends it once whatever happens (a request that must not be repeated).
   */
  Answer call(String method, String path, String contentType, HttpRequest.BodyPublisher body,
      Map<String, String> headers, String fileName, String jobId, boolean retried) {
    HttpRequest.Builder request = request(path).timeout(requestTimeout).header("Accept", "application/json")
        .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), fileName, jobId,
        retried ? retry.maxAttempts() : 1);
    return new Answer(response.statusCode(), Json.parseOrMissing(response.body()));
  }

  /** {@code GET path} as a stream the caller reads and closes (200 only; any other answer is thrown). */
  InputStream stream(String path, String accept, String jobId) {
    HttpRequest request = request(path).header("Accept", accept).GET().build();
    return send(request, HttpResponse.BodyHandlers.ofInputStream(), null, jobId, retry.maxAttempts()).body();
  }

  /** {@code /api/jobs/{id}} with the id encoded. */
  static String jobPath(String jobId) {
    return "/api/jobs/" + segment(jobId);
  }

  /** {@code ?a=1&b=2} from names and values, each encoded; pairs with a null value left out; "" for none. */
  static String query(String... namesAndValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value != null) {
        query.append(query.length() == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
            .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  /** A path segment, encoded ({@code %20} for a space, not {@code +}). */
  static String segment(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends, retrying transient failures; a 2xx answer, else the typed exception. */
  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String fileName,
      String jobId, int maxAttempts) {
    for (int attempt = 1; ; attempt++) {
      TasklaneException failure;
      try {
        HttpResponse<T> response = http.send(request, handler);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response;
        }
        failure = Errors.of(server, status, bodyText(response.body()), fileName, jobId);
        if (!Errors.isTransient(status)) {
          throw failure;
        }
      } catch (IOException lost) {
        failure = new UnreachableException("cannot reach the coordinator at " + server + ": " + reason(lost), 0, lost);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new TasklaneException("interrupted while calling " + server, 0, interrupted);
      }
      if (attempt >= maxAttempts) {
        throw new UnreachableException(failure.getMessage() + (attempt > 1 ? " (after " + attempt + " attempts)" : ""),
            failure.statusCode(), failure.getCause());
      }
      pause(retry.backoff(attempt));
    }
  }

  /** Waits out a backoff on the calling thread (a blocking call's own thread, never a shared one). */
  static void pause(Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new TasklaneException("interrupted while waiting to retry", 0, interrupted);
    }
  }

  static String reason(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof java.net.ConnectException && (message == null || message.isBlank())) {
      return "connection refused";
    }
    if (failure instanceof javax.net.ssl.SSLException) {
      return "the TLS handshake failed (" + message + "): trust the cluster's CA, the ca.pem of 'tasklane certs "
          + "init' (--ca-file, TASKLANE_CA_FILE, TasklaneClient.Builder.caFile), and use a host name its "
          + "certificate names";
    }
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static String bodyText(Object body) throws IOException {
    if (body instanceof InputStream) {
      try (InputStream in = (InputStream) body) {
        return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      }
    }
    return body == null ? "" : body.toString();
  }
}
