package io.tasklane.client.types;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema in one short line for the types table: {@code {ms: integer >= 0}},
 * {@code {argv: [string] (1+), env?: {*: string}}}; {@code any} for a schema that takes anything.
 * The full schema is in {@code -o json}.
 */
final class InputSummary {

  private InputSummary() {}

  static String of(JsonNode schema) {
    if (schema == null || schema.isMissingNode() || schema.isNull() || (schema.isObject() && schema.isEmpty())) {
      return "any";
    }
    if (!schema.isObject()) {
      return schema.asText();
    }
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.get("enum").forEach(value -> values.add(value.toString()));
      return String.join("|", values);
    }
    String type = schema.path("type").asText("any");
    return switch (type) {
      case "object" -> object(schema);
      case "array" -> "[" + of(schema.get("items")) + "]" + range(schema, "minItems", "maxItems", "");
      case "integer", "number" -> type + bounds(schema);
      case "string" -> "string" + range(schema, "minLength", "maxLength", " chars");
      default -> type;
    };
  }

  private static String object(JsonNode schema) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(name -> required.add(name.asText()));
    List<String> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String name = property.getKey() + (required.contains(property.getKey()) ? "" : "?");
      fields.add(name + ": " + of(property.getValue()));
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      fields.add("*: " + of(additional));
    }
    if (fields.isEmpty()) {
      return "object";
    }
    return "{" + String.join(", ", fields) + "}";
  }

  private static String bounds(JsonNode schema) {
    JsonNode min = schema.get("minimum");
    JsonNode max = schema.get("maximum");
    if (min != null && max != null) {
      return " " + min.asText() + ".." + max.asText();
    }
    if (min != null) {
      return " >= " + min.asText();
    }
    return max != null ? " <= " + max.asText() : "";
  }

  /** {@code (1+)}, {@code (..5)}, {@code (1..5)}: a count's bounds, if any. */
  private static String range(JsonNode schema, String minKey, String maxKey, String unit) {
    JsonNode min = schema.get(minKey);
    JsonNode max = schema.get(maxKey);
    if (min == null && max == null) {
      return "";
    }
    if (max == null) {
      return " (" + min.asText() + "+" + unit + ")";
    }
    return " (" + (min == null ? "" : min.asText()) + ".." + max.asText() + unit + ")";
  }
}
