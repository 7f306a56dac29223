package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.TaskFailedPermanently;

/**
 * Reading handler inputs with errors that name the task type and the field. The input does not
 * change between attempts, so a bad one fails the task at once ({@link TaskFailedPermanently}).
 */
final class Inputs {

  private Inputs() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A whole number >= 0 (a JSON number or a string of digits). */
  static long nonNegativeLong(JsonNode input, String type, String field) {
    JsonNode value = required(input, type, field);
    long number;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      number = value.asLong();
    } else if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
      number = Long.parseLong(value.asText().trim());
    } else {
      throw new TaskFailedPermanently(
          type + ": input field '" + field + "' must be a whole number, not " + value);
    }
    if (number < 0) {
      throw new TaskFailedPermanently(
          type + ": input field '" + field + "' must not be negative, not " + number);
    }
    return number;
  }

  static String text(JsonNode input, String type, String field) {
    JsonNode value = required(input, type, field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new TaskFailedPermanently(
          type + ": input field '" + field + "' must be a non-empty string, not " + value);
    }
    return value.asText();
  }

  /** The failure for a field that is there but unusable: {@code type: input field 'f' problem}. */
  static TaskFailedPermanently invalid(String type, String field, String problem) {
    return new TaskFailedPermanently(type + ": input field '" + field + "' " + problem);
  }

  private static JsonNode required(JsonNode input, String type, String field) {
    JsonNode value = input == null ? null : input.get(field);
    if (value == null || value.isNull()) {
      throw new TaskFailedPermanently(type + ": input field '" + field + "' is required");
    }
    return value;
  }
}
