package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An {@link InputSchema} from and to JSON Schema. Reading is strict: a keyword outside the
 * subset, or one that does not fit the node's type, is refused with its place named, so a schema
 * never silently checks less than its author meant.
 */
final class SchemaJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ANNOTATIONS =
      Set.of("title", "default", "examples", "$comment", "$schema", "$id");
  private static final String SUPPORTED = "type, properties, required, additionalProperties, items, "
      + "minItems, maxItems, minimum, maximum, minLength, maxLength, pattern, enum, description, "
      + String.join(", ", ANNOTATIONS.stream().sorted().toList());

  private SchemaJson() {}

  static InputSchema read(JsonNode json, String at) {
    if (json == null || json.isMissingNode() || json.isNull()) {
      throw new IllegalArgumentException(at + ": no schema (use {} to accept anything)");
    }
    if (json.isBoolean()) {
      if (json.booleanValue()) {
        return InputSchema.any();
      }
      throw new IllegalArgumentException(at + ": the schema false (nothing is valid) is not supported");
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException(at + ": a schema is a JSON object, not " + json);
    }
    SchemaRules rules = new SchemaRules();
    JsonNode type = json.get("type");
    if (type != null) {
      if (!type.isTextual()) {
        throw new IllegalArgumentException(at + ": 'type' must be one type name (lists of types are not supported), not " + type);
      }
      rules.type = SchemaType.named(type.textValue());
      if (rules.type == null) {
        throw new IllegalArgumentException(at + ": unknown type '" + type.textValue()
            + "' (object, array, string, integer, number, boolean, null)");
      }
    }
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      readKeyword(rules, field.getKey(), field.getValue(), at);
    }
    for (String name : rules.required) {
      rules.properties.putIfAbsent(name, InputSchema.any());
    }
    return InputSchema.of(rules);
  }

  private static void readKeyword(SchemaRules rules, String keyword, JsonNode value, String at) {
    switch (keyword) {
      case "type" -> { } // read first
      case "description" -> rules.description = text(value, keyword, at);
      case "enum" -> {
        if (!value.isArray() || value.isEmpty()) {
          throw new IllegalArgumentException(at + ": 'enum' must be a non-empty array, not " + value);
        }
        List<JsonNode> allowed = new ArrayList<>();
        value.forEach(allowed::add);
        rules.enumValues = allowed;
      }
      case "properties" -> {
        fits(rules, SchemaType.OBJECT, keyword, at);
        if (!value.isObject()) {
          throw new IllegalArgumentException(at + ": 'properties' must be an object, not " + value);
        }
        for (Map.Entry<String, JsonNode> property : value.properties()) {
          rules.properties.put(property.getKey(), read(property.getValue(), SchemaChecker.child(at, property.getKey())));
        }
      }
      case "required" -> {
        fits(rules, SchemaType.OBJECT, keyword, at);
        if (!value.isArray()) {
          throw new IllegalArgumentException(at + ": 'required' must be an array of names, not " + value);
        }
        for (JsonNode name : value) {
          rules.required.add(text(name, keyword, at));
        }
      }
      case "additionalProperties" -> {
        fits(rules, SchemaType.OBJECT, keyword, at);
        if (value.isBoolean()) {
          rules.additionalAllowed = value.booleanValue();
        } else {
          rules.additionalSchema = read(value, at + ".*");
        }
      }
      case "items" -> {
        fits(rules, SchemaType.ARRAY, keyword, at);
        rules.items = read(value, at + "[]");
      }
      case "minItems" -> rules.minItems = count(rules, SchemaType.ARRAY, keyword, value, at);
      case "maxItems" -> rules.maxItems = count(rules, SchemaType.ARRAY, keyword, value, at);
      case "minLength" -> rules.minLength = count(rules, SchemaType.STRING, keyword, value, at);
      case "maxLength" -> rules.maxLength = count(rules, SchemaType.STRING, keyword, value, at);
      case "minimum" -> rules.minimum = bound(rules, keyword, value, at);
      case "maximum" -> rules.maximum = bound(rules, keyword, value, at);
      case "pattern" -> {
        fits(rules, SchemaType.STRING, keyword, at);
        try {
          rules.pattern = Pattern.compile(text(value, keyword, at));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(at + ": 'pattern' is not a regular expression: " + e.getDescription());
        }
      }
      default -> {
        if (!ANNOTATIONS.contains(keyword)) {
          throw new IllegalArgumentException(at + ": unsupported keyword '" + keyword + "' (supported: " + SUPPORTED + ")");
        }
        rules.annotations.set(keyword, value.deepCopy());
      }
    }
  }

  private static void fits(SchemaRules rules, SchemaType type, String keyword, String at) {
    boolean fits = rules.type == type || (type == SchemaType.NUMBER && rules.type == SchemaType.INTEGER);
    if (!fits) {
      throw new IllegalArgumentException(at + ": '" + keyword + "' needs \"type\": \"" + type.json + "\""
          + (type == SchemaType.NUMBER ? " or \"integer\"" : "")
          + (rules.type == null ? " (no type given)" : ", not \"" + rules.type.json + "\""));
    }
  }

  private static int count(SchemaRules rules, SchemaType type, String keyword, JsonNode value, String at) {
    fits(rules, type, keyword, at);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new IllegalArgumentException(at + ": '" + keyword + "' must be a whole number >= 0, not " + value);
    }
    return value.intValue();
  }

  private static BigDecimal bound(SchemaRules rules, String keyword, JsonNode value, String at) {
    fits(rules, SchemaType.NUMBER, keyword, at);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(at + ": '" + keyword + "' must be a number, not " + value);
    }
    return value.decimalValue();
  }

  private static String text(JsonNode value, String keyword, String at) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(at + ": '" + keyword + "' must be a string, not " + value);
    }
    return value.textValue();
  }

  static JsonNode write(InputSchema schema) {
    SchemaRules rules = schema.rules();
    ObjectNode json = NODES.objectNode();
    if (rules.type != null) {
      json.put("type", rules.type.json);
    }
    if (!rules.description.isEmpty()) {
      json.put("description", rules.description);
    }
    if (!rules.properties.isEmpty()) {
      ObjectNode properties = json.putObject("properties");
      rules.properties.forEach((name, property) -> properties.set(name, write(property)));
    }
    if (!rules.required.isEmpty()) {
      ArrayNode required = json.putArray("required");
      rules.required.forEach(required::add);
    }
    if (rules.additionalSchema != null) {
      json.set("additionalProperties", write(rules.additionalSchema));
    } else if (rules.additionalAllowed != null) {
      json.put("additionalProperties", rules.additionalAllowed);
    }
    if (rules.items != null) {
      json.set("items", write(rules.items));
    }
    putIfSet(json, "minItems", rules.minItems);
    putIfSet(json, "maxItems", rules.maxItems);
    if (rules.minimum != null) {
      json.set("minimum", number(rules.minimum));
    }
    if (rules.maximum != null) {
      json.set("maximum", number(rules.maximum));
    }
    putIfSet(json, "minLength", rules.minLength);
    putIfSet(json, "maxLength", rules.maxLength);
    if (rules.pattern != null) {
      json.put("pattern", rules.pattern.pattern());
    }
    if (rules.enumValues != null) {
      json.putArray("enum").addAll(rules.enumValues);
    }
    json.setAll(rules.annotations);
    return json;
  }

  private static void putIfSet(ObjectNode json, String keyword, Integer value) {
    if (value != null) {
      json.put(keyword, value);
    }
  }

  /** A whole bound as an integer ({@code 0}, not {@code 0.0}); others as a double when one holds them exactly. */
  static JsonNode number(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    if (plain.scale() <= 0) {
      BigInteger whole = plain.toBigIntegerExact();
      if (whole.bitLength() < 32) {
        return NODES.numberNode(whole.intValue()); // as Jackson reads a small integer: equal trees
      }
      return whole.bitLength() < 64 ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
    }
    double approximate = value.doubleValue();
    return BigDecimal.valueOf(approximate).compareTo(value) == 0 ? NODES.numberNode(approximate) : NODES.numberNode(value);
  }

  /** An enum value given from Java as a JSON node. */
  static JsonNode node(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    if (value instanceof String text) {
      return NODES.textNode(text);
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    if (value instanceof Enum<?> constant) {
      return NODES.textNode(constant.name());
    }
    if (value instanceof Number number) {
      return number(new BigDecimal(number.toString()));
    }
    throw new IllegalArgumentException("an enum value must be a string, number, boolean, null or JsonNode, not "
        + value.getClass().getName());
  }
}
