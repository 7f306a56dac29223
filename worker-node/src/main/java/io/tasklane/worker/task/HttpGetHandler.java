package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code http.get}: input {@code {url}}, output {@code {status, bytes, sha256}} of the body. A
 * 4xx fails the task at once (no retry: it would get the same answer); a 5xx or a connection
 * that fails fails the attempt, which is retried while the task has retries.
 */
public final class HttpGetHandler implements IoTaskHandler {

  @Override
  public String type() {
    return "http.get";
  }

  @Override
  public InputSchema input() {
    return InputSchema.object().required("url", HttpCalls.URL);
  }

  @Override
  public String description() {
    return "GETs url; returns {status, bytes, sha256} of the body; a 4xx is not retried";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    URI uri = HttpCalls.url(input, type());
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    CompletableFuture<HttpResponse<byte[]>> sent = context.httpClient().sendAsync(request, info ->
        info.statusCode() >= 400 ? BodySubscribers.replacing(null) : BodySubscribers.ofByteArray());
    CompletableFuture<JsonNode> output = sent
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(HttpCalls.describe(failure, uri)))
        .thenApply(response -> toOutput(uri, response));
    return HttpCalls.cancelling(sent, output);
  }

  private static JsonNode toOutput(URI uri, HttpResponse<byte[]> response) {
    RuntimeException failure = HttpCalls.statusFailure(response.statusCode(), uri);
    if (failure != null) {
      throw failure;
    }
    byte[] body = response.body();
    return Inputs.object()
        .put("status", response.statusCode())
        .put("bytes", body.length)
        .put("sha256", Hex.of(Hex.sha256().digest(body)));
  }
}
