package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code noop}: the input, unchanged. */
public final class NoopHandler implements IoTaskHandler {

  @Override
  public String type() {
    return "noop";
  }

  /** Anything: it comes back unchanged. */
  @Override
  public InputSchema input() {
    return InputSchema.any();
  }

  @Override
  public String description() {
    return "returns its input unchanged";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    return CompletableFuture.completedFuture(input);
  }
}
