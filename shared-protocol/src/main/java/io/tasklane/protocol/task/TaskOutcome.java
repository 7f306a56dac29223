package io.tasklane.protocol.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a worker reports for one task after its last attempt.
 *
 * @param index the task's position in its job ({@link TaskSpec#index()})
 * @param output the handler's output, null unless succeeded
 * @param error the reason, null when succeeded
 * @param attempts attempts made, at least 1 (0 for a task cancelled before it started)
 * @param thread the name of the thread that ran the (last) attempt
 */
public record TaskOutcome(
    @JsonProperty("x") int index,
    @JsonProperty("s") TaskStatus status,
    @JsonProperty("o") JsonNode output,
    @JsonProperty("e") String error,
    @JsonProperty("a") int attempts,
    @JsonProperty("th") String thread) {

  public TaskOutcome {
    Objects.requireNonNull(status, "status");
    // Jackson reads a null JsonNode field as JSON null; keep "no output" as null either way.
    output = output == null || output.isNull() ? null : output;
  }
}
