package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** Reads the fields of one mapping in a job file, adding a problem for each bad value. */
final class Fields {

  private final LocatedTree tree;
  private final Problems problems;

  Fields(LocatedTree tree, Problems problems) {
    this.tree = tree;
    this.problems = problems;
  }

  /** The field's value, or null when absent or null (an empty YAML value means "not set"). */
  static JsonNode get(JsonNode mapping, String field) {
    JsonNode value = mapping.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** How a value is described in messages. */
  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      default -> "a value";
    };
  }

  /** One problem per field of {@code mapping} not in {@code allowed}, at the key's line. */
  void checkKnown(JsonNode mapping, String path, List<String> allowed) {
    for (Iterator<String> names = mapping.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (allowed.contains(name)) {
        continue;
      }
      String closest = Suggestions.closest(name, allowed);
      String hint = closest != null
          ? "(did you mean '" + closest + "'?)"
          : "(allowed: " + String.join(", ", allowed) + ")";
      String field = LocatedTree.child(path, name);
      problems.add(tree.keyLine(field), field, "unknown field '" + name + "' " + hint);
    }
  }

  /** A string (numbers are taken as their text), or null when absent or wrong. */
  String text(JsonNode mapping, String path, String name) {
    JsonNode value = get(mapping, name);
    if (value == null) {
      return null;
    }
    if (value.isTextual() || value.isNumber()) {
      return value.asText();
    }
    fail(path, name, "must be a string, not " + kind(value));
    return null;
  }

  /** A boolean, or null when absent or wrong. */
  Boolean bool(JsonNode mapping, String path, String name) {
    JsonNode value = get(mapping, name);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      fail(path, name, "must be true or false, not " + kind(value));
      return null;
    }
    return value.booleanValue();
  }

  /** An integer in {@code min..max}, or null when absent or wrong. */
  Integer integer(JsonNode mapping, String path, String name, int min, int max) {
    JsonNode value = get(mapping, name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      fail(path, name, "must be an integer, not " + kind(value));
      return null;
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      fail(path, name, "must be between " + min + " and " + max + ", not " + value.asText());
      return null;
    }
    return value.intValue();
  }

  /** A duration in milliseconds, more than 0, or null when absent or wrong. */
  Long duration(JsonNode mapping, String path, String name) {
    JsonNode value = get(mapping, name);
    if (value == null) {
      return null;
    }
    Durations.Parsed parsed = Durations.parse(value);
    if (parsed.problem() != null) {
      fail(path, name, parsed.problem());
      return null;
    }
    return parsed.millis();
  }

  private void fail(String path, String name, String message) {
    String field = LocatedTree.child(path, name);
    problems.add(tree.line(field), field, message);
  }
}
