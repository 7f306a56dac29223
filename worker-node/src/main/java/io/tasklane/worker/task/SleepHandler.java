package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** {@code sleep}: input {@code {ms}}, output {@code {sleptMs}}; a timer, no thread held. */
public final class SleepHandler implements IoTaskHandler {

  static final InputSchema INPUT = InputSchema.object()
      .required("ms", InputSchema.integer().minimum(0).description("how long to wait, in milliseconds"));

  @Override
  public String type() {
    return "sleep";
  }

  @Override
  public InputSchema input() {
    return INPUT;
  }

  @Override
  public String description() {
    return "waits ms milliseconds on a timer (no thread held); returns {sleptMs}";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    long ms = Inputs.nonNegativeLong(input, type(), "ms");
    return context.delay(Duration.ofMillis(ms)).thenApply(done -> Inputs.object().put("sleptMs", ms));
  }
}
