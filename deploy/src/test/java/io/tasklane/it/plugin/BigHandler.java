package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code test.big}, input {@code {bytes}}: outputs {@code {text}}, a string of that many characters. */
public final class BigHandler implements IoTaskHandler {

  @Override
  public String type() {
    return "test.big";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    String text = "x".repeat(input.path("bytes").asInt(0));
    return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode().put("text", text));
  }
}
