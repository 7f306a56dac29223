package io.tasklane.protocol.task;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import java.util.Objects;

/**
 * One task, materialized for dispatch. {@code index} is the task's position in its job (the
 * coordinator's key for it); {@code id} the user-visible id. Short JSON names keep the wire small.
 *
 * @param timeoutMs per attempt; 0 means no timeout
 * @param retries attempts after the first
 * @param key optional affinity key, may be null
 */
// On the wire as a CBOR array in this order, not a map: per task, its property names were most
// of what a worker decoded. Never journaled (jobs journal their templates), so a node of an
// older version is the only reader it could break: all nodes of a cluster run one version.
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"x", "d", "t", "l", "in", "to", "r", "k"})
public record TaskSpec(
    @JsonProperty("x") int index,
    @JsonProperty("d") String id,
    @JsonProperty("t") String type,
    @JsonProperty("l") Lane lane,
    @JsonProperty("in") JsonNode input,
    @JsonProperty("to") long timeoutMs,
    @JsonProperty("r") int retries,
    @JsonProperty("k") String key) {

  public TaskSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(input, "input");
  }
}
