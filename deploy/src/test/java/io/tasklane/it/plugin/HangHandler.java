package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code test.hang}: an I/O task whose future never completes; only its timeout ends it. */
public final class HangHandler implements IoTaskHandler {

  @Override
  public String type() {
    return "test.hang";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    return new CompletableFuture<>();
  }
}
