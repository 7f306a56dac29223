package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * A task that mostly waits. {@link #start} must return at once with a stage that completes
 * when the work is done; it must never block the calling thread (a handler that has to block
 * is a {@link BlockingTaskHandler}).
 */
public non-sealed interface IoTaskHandler extends TaskHandler {

  /** Always the I/O lane: an asynchronous handler holds no thread, so it belongs there. */
  @Override
  default LaneChoice lane() {
    return LaneChoice.IO;
  }

  CompletionStage<JsonNode> start(JsonNode input, TaskContext context);
}
