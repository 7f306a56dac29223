package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskFailedPermanently;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the HTTP handlers share: the {@code url} input, the status rule (a 4xx fails for good, a
 * 5xx may be retried) and failures that say what went wrong and where, not just
 * "ConnectException".
 */
final class HttpCalls {

  /** The {@code url} input as its schema says it: http or https (any case) and a host. */
  static final InputSchema URL = InputSchema.string().pattern("^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]")
      .description("an http or https URL");

  private HttpCalls() {}

  /** The input's {@code url}: an http(s) URL with a host. */
  static URI url(JsonNode input, String type) {
    String url = Inputs.text(input, type, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw Inputs.invalid(type, "url", "is not an http(s) URL: " + url + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw Inputs.invalid(type, "url", "is not an http(s) URL: " + url);
    }
    if (uri.getHost() == null) {
      throw Inputs.invalid(type, "url", "has no host: " + url);
    }
    return uri;
  }

  /**
   * Null for a status below 400; else the failure: for a 4xx one that is not retried (asking
   * again gets the same answer), for a 5xx one that is.
   */
  static RuntimeException statusFailure(int status, URI uri) {
    if (status < 400) {
      return null;
    }
    String reason = "HTTP " + status + " from " + uri;
    return status < 500
        ? new TaskFailedPermanently(reason + " (a client error: not retried)")
        : new IllegalStateException(reason);
  }

  /**
   * The failure of a request to {@code uri} as the user should read it: "connection refused:
   * 127.0.0.1:1", "unknown host: …", "connect timed out: …". Failures that already say enough
   * (a status, a bad input, a cancellation) come back as they are.
   */
  static Throwable describe(Throwable failure, URI uri) {
    Throwable cause = unwrap(failure);
    if (!(cause instanceof IOException) && !(cause instanceof UnresolvedAddressException)) {
      return failure;
    }
    String where = uri.getHost() + ":" + port(uri);
    String what = switch (cause) {
      case HttpConnectTimeoutException e -> "connect timed out: " + where;
      case HttpTimeoutException e -> "request timed out: " + where;
      case UnknownHostException e -> "unknown host: " + where;
      case UnresolvedAddressException e -> "unknown host: " + where;
      case ConnectException e when unresolved(e) -> "unknown host: " + where;
      case ConnectException e when e.getMessage() == null -> "connection refused: " + where;
      case ConnectException e -> "cannot connect to " + where + ": " + e.getMessage();
      default -> cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + " from " + where;
    };
    return new IOException(what + " (" + uri + ")", cause);
  }

  /**
   * {@code result}, which cancelled also cancels {@code request}: a stopped attempt (timed out,
   * cancelled) lets go of its connection instead of reading on in the background.
   */
  static <T> CompletableFuture<T> cancelling(CompletableFuture<?> request, CompletableFuture<T> result) {
    result.whenComplete((value, failure) -> {
      if (result.isCancelled()) {
        request.cancel(true);
      }
    });
    return result;
  }

  private static boolean unresolved(ConnectException e) {
    return e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof UnknownHostException;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
