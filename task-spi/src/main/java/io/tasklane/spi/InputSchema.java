package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * What a task type accepts as input: a subset of JSON Schema. Checked by the coordinator when a
 * job is submitted, for plugin and built-in types alike.
 */
public final class InputSchema {

  private static final InputSchema ANY = new InputSchema(JsonNodeFactory.instance.objectNode());

  private final JsonNode json;

  private InputSchema(JsonNode json) {
    this.json = json;
  }

  /** Accepts any input. */
  public static InputSchema any() {
    return ANY;
  }

  /** The schema as JSON Schema. */
  public JsonNode toJson() {
    return json.deepCopy();
  }

  /** What is wrong with {@code input}, one line per problem naming the field; empty when it fits. */
  public List<String> check(JsonNode input) {
    return List.of();
  }
}
