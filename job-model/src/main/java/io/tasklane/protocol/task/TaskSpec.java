package io.tasklane.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import java.util.Objects;

/**
 * One task, materialized for dispatch. {@code index} is the task's position in its job (the
 * coordinator's key for it); {@code id} the user-visible id. Never journaled (jobs journal
 * their templates); on the wire inside {@code AssignTasks} through
 * {@link io.tasklane.protocol.codec.BatchSerializer}.
 *
 * @param timeoutMs per attempt; 0 means no timeout
 * @param retries attempts after the first
 * @param key optional affinity key, may be null
 */
public record TaskSpec(
    int index,
    String id,
    String type,
    Lane lane,
    JsonNode input,
    long timeoutMs,
    int retries,
    String key) {

  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(input, "input");
  }
}
