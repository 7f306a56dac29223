package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a value against an {@link InputSchema}, collecting each problem with its path. Stops
 * after {@link #MAX_PROBLEMS}: an answer names what to fix, not every copy of one mistake.
 */
final class SchemaChecker {

  /** The most problems reported for one input. */
  static final int MAX_PROBLEMS = 20;
  /** A value quoted in a problem is cut to this many characters. */
  private static final int MAX_QUOTED = 60;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
  private static final Pattern INTEGER_TEXT = Pattern.compile("-?\\d{1,18}");

  private final List<InputProblem> problems = new ArrayList<>();

  private SchemaChecker() {}

  static List<InputProblem> check(InputSchema schema, JsonNode input) {
    SchemaChecker checker = new SchemaChecker();
    checker.value(schema.rules(), input == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : input,
        "input");
    return List.copyOf(checker.problems);
  }

  /** The path of property {@code name} under {@code parent}: {@code input.ms}, {@code input["a b"]}. */
  static String child(String parent, String name) {
    return IDENTIFIER.matcher(name).matches() ? parent + "." + name
        : parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  private void value(SchemaRules rules, JsonNode value, String path) {
    if (problems.size() >= MAX_PROBLEMS) {
      return;
    }
    if (value.isMissingNode()) {
      if (rules.type != null) {
        add(path, "required, as " + rules.type.noun);
      }
      return;
    }
    if (rules.type != null && !typeFits(rules, value, path)) {
      return;
    }
    if (rules.enumValues != null && rules.enumValues.stream().noneMatch(allowed -> same(allowed, value))) {
      add(path, "must be one of " + rules.enumValues.stream().map(SchemaChecker::quote)
          .collect(Collectors.joining(", ")) + ", got " + quote(value));
    }
  }

  /** False (with the problem added) when the value is not of the rules' type or breaks its limits. */
  private boolean typeFits(SchemaRules rules, JsonNode value, String path) {
    switch (rules.type) {
      case OBJECT -> {
        if (!value.isObject()) {
          return wrongType(rules, value, path);
        }
        object(rules, value, path);
      }
      case ARRAY -> {
        if (!value.isArray()) {
          return wrongType(rules, value, path);
        }
        array(rules, value, path);
      }
      case STRING -> {
        if (!value.isTextual()) {
          return wrongType(rules, value, path);
        }
        string(rules, value.textValue(), path);
      }
      case INTEGER, NUMBER -> {
        BigDecimal number = number(rules.type, value);
        if (number == null) {
          return wrongType(rules, value, path);
        }
        bounds(rules, number, path);
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          return wrongType(rules, value, path);
        }
      }
      case NULL -> {
        if (!value.isNull()) {
          return wrongType(rules, value, path);
        }
      }
    }
    return true;
  }

  private boolean wrongType(SchemaRules rules, JsonNode value, String path) {
    add(path, "must be " + rules.type.noun + ", got " + quote(value));
    return false;
  }

  private void object(SchemaRules rules, JsonNode value, String path) {
    for (String name : rules.required) {
      JsonNode present = value.get(name);
      SchemaRules property = rules.properties.get(name).rules();
      if (present == null || (present.isNull() && !property.acceptsNull())) {
        add(child(path, name), property.type == null ? "required" : "required, as " + property.type.noun);
      }
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      JsonNode present = field.getValue();
      InputSchema property = rules.properties.get(name);
      if (property != null) {
        if (!(present.isNull() && !property.rules().acceptsNull())) { // null: absent (required said so above)
          value(property.rules(), present, child(path, name));
        }
      } else if (rules.additionalSchema != null) {
        value(rules.additionalSchema.rules(), present, child(path, name));
      } else if (Boolean.FALSE.equals(rules.additionalAllowed)) {
        add(child(path, name), "not allowed" + (rules.properties.isEmpty() ? " (no properties are)"
            : " (known: " + String.join(", ", rules.properties.keySet()) + ")"));
      }
    }
  }

  private void array(SchemaRules rules, JsonNode value, String path) {
    int size = value.size();
    if (rules.minItems != null && size < rules.minItems) {
      add(path, "must have at least " + items(rules.minItems) + ", got " + size);
    }
    if (rules.maxItems != null && size > rules.maxItems) {
      add(path, "must have at most " + items(rules.maxItems) + ", got " + size);
    }
    if (rules.items != null) {
      for (int i = 0; i < size; i++) {
        value(rules.items.rules(), value.get(i), path + "[" + i + "]");
      }
    }
  }

  private void string(SchemaRules rules, String text, String path) {
    int length = text.codePointCount(0, text.length());
    if (rules.minLength != null && length < rules.minLength) {
      add(path, "must have at least " + characters(rules.minLength) + ", got " + length);
    }
    if (rules.maxLength != null && length > rules.maxLength) {
      add(path, "must have at most " + characters(rules.maxLength) + ", got " + length);
    }
    if (rules.pattern != null && !rules.pattern.matcher(text).find()) {
      add(path, "must match " + rules.pattern.pattern() + ", got " + quote(text));
    }
  }

  private void bounds(SchemaRules rules, BigDecimal number, String path) {
    if (rules.minimum != null && number.compareTo(rules.minimum) < 0) {
      add(path, "must be at least " + plain(rules.minimum) + ", got " + plain(number));
    }
    if (rules.maximum != null && number.compareTo(rules.maximum) > 0) {
      add(path, "must be at most " + plain(rules.maximum) + ", got " + plain(number));
    }
  }

  /** The number a value stands for (a JSON number, or a string holding one), or null. */
  private static BigDecimal number(SchemaType type, JsonNode value) {
    if (type == SchemaType.INTEGER) {
      if (value.isIntegralNumber()) {
        return new BigDecimal(value.bigIntegerValue());
      }
      if (value.isTextual() && INTEGER_TEXT.matcher(value.textValue().trim()).matches()) {
        return new BigDecimal(value.textValue().trim());
      }
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.textValue().trim());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }

  /** JSON equality, numbers by value ({@code 1} is {@code 1.0} is {@code "1"} where a number is meant). */
  private static boolean same(JsonNode allowed, JsonNode value) {
    if (allowed.isNumber()) {
      BigDecimal number = number(SchemaType.NUMBER, value);
      return number != null && number.compareTo(allowed.decimalValue()) == 0;
    }
    return allowed.equals(value);
  }

  private void add(String path, String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new InputProblem(path, message));
    }
  }

  private static String items(int count) {
    return count == 1 ? "1 item" : count + " items";
  }

  private static String characters(int count) {
    return count == 1 ? "1 character" : count + " characters";
  }

  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }

  private static String quote(String text) {
    return quote(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
  }

  /** The value as JSON, cut to {@link #MAX_QUOTED} characters. */
  private static String quote(JsonNode value) {
    String json = value.toString();
    return json.length() <= MAX_QUOTED ? json : json.substring(0, MAX_QUOTED) + "...";
  }
}
