package io.tasklane.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import java.util.concurrent.CompletionStage;

/**
 * A task that mostly waits. {@link #start} must return at once with a stage that completes
 * when the work is done; it must never block the calling thread.
 */
public non-sealed interface IoTaskHandler extends TaskHandler {

  @Override
  default Lane lane() {
    return Lane.IO;
  }

  CompletionStage<JsonNode> start(JsonNode input, TaskContext context);
}
