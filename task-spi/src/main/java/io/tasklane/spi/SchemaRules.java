package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keywords of one schema node. Mutable only while a schema is being made (by the fluent
 * methods, on a copy, or by the reader); an {@link InputSchema} never changes its rules after.
 */
final class SchemaRules {

  /** null: any type. */
  SchemaType type;
  String description = "";
  /** Keywords kept only to be written back ({@code title}, {@code default}, {@code examples}, ...). */
  ObjectNode annotations = JsonNodeFactory.instance.objectNode();
  final Map<String, InputSchema> properties = new LinkedHashMap<>();
  final Set<String> required = new LinkedHashSet<>();
  /** null: not said (other properties allowed); {@code false}: none allowed. */
  Boolean additionalAllowed;
  /** The schema other properties must have; null: any. */
  InputSchema additionalSchema;
  InputSchema items;
  Integer minItems;
  Integer maxItems;
  Integer minLength;
  Integer maxLength;
  BigDecimal minimum;
  BigDecimal maximum;
  Pattern pattern;
  /** null: any value; else the only values allowed. */
  List<JsonNode> enumValues;

  SchemaRules copy() {
    SchemaRules copy = new SchemaRules();
    copy.type = type;
    copy.description = description;
    copy.annotations = annotations.deepCopy();
    copy.properties.putAll(properties);
    copy.required.addAll(required);
    copy.additionalAllowed = additionalAllowed;
    copy.additionalSchema = additionalSchema;
    copy.items = items;
    copy.minItems = minItems;
    copy.maxItems = maxItems;
    copy.minLength = minLength;
    copy.maxLength = maxLength;
    copy.minimum = minimum;
    copy.maximum = maximum;
    copy.pattern = pattern;
    copy.enumValues = enumValues == null ? null : new ArrayList<>(enumValues);
    return copy;
  }

  /** True when a value of this schema may be JSON null (so a null property is not "absent"). */
  boolean acceptsNull() {
    return type == null || type == SchemaType.NULL;
  }
}
