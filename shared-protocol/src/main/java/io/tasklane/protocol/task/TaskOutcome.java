package io.tasklane.protocol.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a worker reports for one task after its last attempt.
 *
 * @param index the task's position in its job ({@link TaskSpec#index()})
 * @param output the handler's output as compact JSON text, null unless succeeded
 * @param error the reason, null when succeeded
 * @param attempts attempts made, at least 1 (0 for a task cancelled before it started)
 * @param thread the name of the thread that ran the (last) attempt
 */
public record TaskOutcome(
    @JsonProperty("x") int index,
    @JsonProperty("s") TaskStatus status,
    @JsonProperty("o") RawJson output,
    @JsonProperty("e") String error,
    @JsonProperty("a") int attempts,
    @JsonProperty("th") String thread) {

  public TaskOutcome {
    Objects.requireNonNull(status, "status");
  }
}
