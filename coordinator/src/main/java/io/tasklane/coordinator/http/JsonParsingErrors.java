package io.tasklane.coordinator.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request the HTTP server cannot even parse (a broken percent-escape in the
 * path, a path over {@code pekko.http.server.parsing.max-uri-length}, a bad header): as every
 * other refusal of the API, {@code {"error": …}} in JSON, not Pekko's plain text. Set as
 * {@code pekko.http.server.parsing.error-handler} (tasklane-coordinator.conf).
 */
public final class JsonParsingErrors extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
    String summary = error.summary().isBlank() ? status.reason() : error.summary();
    String message = error.detail().isBlank() ? summary : summary + ": " + error.detail();
    log.warning("Illegal request, responding with status '{}': {}", status.value(), message);
    return Json.error(status, message);
  }
}
