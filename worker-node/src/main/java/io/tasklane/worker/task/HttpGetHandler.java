package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.task.IoTaskHandler;
import io.tasklane.protocol.task.TaskContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * {@code http.get}: input {@code {url}}, output {@code {status, bytes, sha256}} of the body;
 * a status of 400 or more fails the attempt.
 */
public final class HttpGetHandler implements IoTaskHandler {

  @Override
  public String type() {
    return "http.get";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    String url = Inputs.text(input, type(), "url");
    HttpRequest request = HttpRequest.newBuilder(parse(url)).GET().build();
    return context
        .httpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> toOutput(url, response));
  }

  private URI parse(String url) {
    try {
      URI uri = URI.create(url);
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("not http or https");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          type() + ": input field 'url' is not an http(s) URL: " + url + " (" + e.getMessage() + ")");
    }
  }

  private static JsonNode toOutput(String url, HttpResponse<byte[]> response) {
    if (response.statusCode() >= 400) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
    }
    byte[] body = response.body();
    return Inputs.object()
        .put("status", response.statusCode())
        .put("bytes", body.length)
        .put("sha256", Hex.of(Hex.sha256().digest(body)));
  }
}
