package io.tasklane.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a task type accepts as input: a subset of JSON Schema, checked by the coordinator when a
 * job is submitted (for plugin and built-in types alike), so a bad input is refused with the task
 * and field named instead of failing when it runs.
 *
 * <p>Made fluently, immutable (each method returns a new schema):
 * <pre>{@code
 * InputSchema.object()
 *     .required("ms", InputSchema.integer().minimum(0))
 *     .optional("note", InputSchema.string().maxLength(200))
 *     .additionalProperties(false)
 * }</pre>
 * or read from JSON Schema ({@link #fromJson}), or derived from a record ({@link #of(Class)}).
 *
 * <p>Keywords: {@code type} (one of object, array, string, integer, number, boolean, null),
 * {@code properties}, {@code required}, {@code additionalProperties} (true, false or a schema),
 * {@code items}, {@code minItems}, {@code maxItems}, {@code minimum}, {@code maximum},
 * {@code minLength}, {@code maxLength}, {@code pattern}, {@code enum}; and as annotations
 * {@code description}, {@code title}, {@code default}, {@code examples}, {@code $comment},
 * {@code $schema}, {@code $id}. Two departures from JSON Schema, both as handlers read inputs:
 * where a number or integer is asked for, a string holding one in decimal is accepted too (that
 * is what a job file's {@code "${i}"} becomes, and what Jackson maps to a number); and a property
 * whose value is JSON null counts as absent, unless its schema allows null.
 */
public final class InputSchema {

  private static final InputSchema ANY = new InputSchema(new SchemaRules());

  private final SchemaRules rules;

  private InputSchema(SchemaRules rules) {
    this.rules = rules;
  }

  /** Accepts any input. */
  public static InputSchema any() {
    return ANY;
  }

  /** A JSON object; add its properties with {@link #required} and {@link #optional}. */
  public static InputSchema object() {
    return ofType(SchemaType.OBJECT);
  }

  /** A JSON array of any items; see {@link #items}. */
  public static InputSchema array() {
    return ofType(SchemaType.ARRAY);
  }

  /** A JSON array whose every item fits {@code items}. */
  public static InputSchema array(InputSchema items) {
    return array().items(items);
  }

  public static InputSchema string() {
    return ofType(SchemaType.STRING);
  }

  /** A whole number (a JSON integer, or a string of digits). */
  public static InputSchema integer() {
    return ofType(SchemaType.INTEGER);
  }

  /** Any number (or a string holding one). */
  public static InputSchema number() {
    return ofType(SchemaType.NUMBER);
  }

  /** {@code true} or {@code false}. */
  public static InputSchema bool() {
    return ofType(SchemaType.BOOLEAN);
  }

  /**
   * Reads a schema written as JSON Schema (the subset above); {@code true} and {@code {}} accept
   * anything.
   *
   * @throws IllegalArgumentException naming the place and the keyword that is not supported or
   *     not valid, e.g. {@code input.ms: unsupported keyword 'exclusiveMinimum'}
   */
  public static InputSchema fromJson(JsonNode json) {
    return SchemaJson.read(json, "input");
  }

  /**
   * The schema of a record's JSON form, as Jackson maps it: each component a property; numbers,
   * booleans, strings, enums, lists and arrays, maps with string keys, nested records and
   * {@link JsonNode} (anything). Every component is required unless annotated
   * {@link Optional @InputSchema.Optional}.
   *
   * @throws IllegalArgumentException for a component type that has no JSON Schema here
   */
  public static InputSchema of(Class<? extends Record> type) {
    return RecordSchemas.of(type);
  }

  /** Marks a record component that an input may leave out, for {@link #of(Class)}. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
  public @interface Optional {}

  /** An object property that must be there. */
  public InputSchema required(String name, InputSchema schema) {
    return property(name, schema, true);
  }

  /** An object property that may be left out. */
  public InputSchema optional(String name, InputSchema schema) {
    return property(name, schema, false);
  }

  /** Whether an object may have properties not named by {@link #required}/{@link #optional} (default: yes). */
  public InputSchema additionalProperties(boolean allowed) {
    return edit("additionalProperties", SchemaType.OBJECT, rules -> {
      rules.additionalAllowed = allowed;
      rules.additionalSchema = null;
    });
  }

  /** Other properties are allowed, each fitting {@code schema} (an object of strings, for example). */
  public InputSchema additionalProperties(InputSchema schema) {
    return edit("additionalProperties", SchemaType.OBJECT, rules -> {
      rules.additionalAllowed = null;
      rules.additionalSchema = nonNull(schema);
    });
  }

  public InputSchema items(InputSchema schema) {
    return edit("items", SchemaType.ARRAY, rules -> rules.items = nonNull(schema));
  }

  public InputSchema minItems(int min) {
    return edit("minItems", SchemaType.ARRAY, rules -> rules.minItems = nonNegative("minItems", min));
  }

  public InputSchema maxItems(int max) {
    return edit("maxItems", SchemaType.ARRAY, rules -> rules.maxItems = nonNegative("maxItems", max));
  }

  /** The smallest value allowed (inclusive). */
  public InputSchema minimum(long min) {
    return edit("minimum", SchemaType.NUMBER, rules -> rules.minimum = BigDecimal.valueOf(min));
  }

  public InputSchema minimum(double min) {
    return edit("minimum", SchemaType.NUMBER, rules -> rules.minimum = BigDecimal.valueOf(min));
  }

  /** The largest value allowed (inclusive). */
  public InputSchema maximum(long max) {
    return edit("maximum", SchemaType.NUMBER, rules -> rules.maximum = BigDecimal.valueOf(max));
  }

  public InputSchema maximum(double max) {
    return edit("maximum", SchemaType.NUMBER, rules -> rules.maximum = BigDecimal.valueOf(max));
  }

  /** The fewest characters (code points) a string may have. */
  public InputSchema minLength(int min) {
    return edit("minLength", SchemaType.STRING, rules -> rules.minLength = nonNegative("minLength", min));
  }

  public InputSchema maxLength(int max) {
    return edit("maxLength", SchemaType.STRING, rules -> rules.maxLength = nonNegative("maxLength", max));
  }

  /** A regular expression (Java syntax) the string must contain a match of; anchor it with ^...$ for all of it. */
  public InputSchema pattern(String regex) {
    Pattern compiled;
    try {
      compiled = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("pattern is not a regular expression: " + e.getMessage(), e);
    }
    return edit("pattern", SchemaType.STRING, rules -> rules.pattern = compiled);
  }

  /** The only values allowed: strings, numbers, booleans, null or {@link JsonNode}s. */
  public InputSchema enumOf(Object... values) {
    List<JsonNode> allowed = new ArrayList<>(values.length);
    for (Object value : values) {
      allowed.add(SchemaJson.node(value));
    }
    return edit(rules -> rules.enumValues = allowed);
  }

  /** One line that says what the value is for (shown by {@code tasklane types}). */
  public InputSchema description(String text) {
    return edit(rules -> rules.description = text == null ? "" : text);
  }

  /** The schema as JSON Schema. */
  public JsonNode toJson() {
    return SchemaJson.write(this);
  }

  /** What is wrong with {@code input}, one line per problem naming the field; empty when it fits. */
  public List<String> check(JsonNode input) {
    return problems(input).stream().map(InputProblem::toString).toList();
  }

  /** What is wrong with {@code input}, each problem with its field's path; empty when it fits. */
  public List<InputProblem> problems(JsonNode input) {
    return SchemaChecker.check(this, input);
  }

  /** True when this schema accepts anything ({@code {}}). */
  public boolean acceptsAnything() {
    return toJson().isEmpty();
  }

  SchemaRules rules() {
    return rules;
  }

  static InputSchema of(SchemaRules rules) {
    return new InputSchema(rules);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InputSchema schema && toJson().equals(schema.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  private static InputSchema ofType(SchemaType type) {
    SchemaRules rules = new SchemaRules();
    rules.type = type;
    return new InputSchema(rules);
  }

  private InputSchema property(String name, InputSchema schema, boolean required) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a property needs a name");
    }
    return edit(required ? "required" : "optional", SchemaType.OBJECT, rules -> {
      rules.properties.put(name, nonNull(schema));
      if (required) {
        rules.required.add(name);
      } else {
        rules.required.remove(name);
      }
    });
  }

  /** A copy with {@code change} made, which applies only to schemas of {@code type}. */
  private InputSchema edit(String keyword, SchemaType type, Consumer<SchemaRules> change) {
    SchemaType own = rules.type;
    boolean fits = own == type || (type == SchemaType.NUMBER && own == SchemaType.INTEGER);
    if (!fits) {
      throw new IllegalStateException(keyword + " applies to " + type.json + " schemas"
          + (type == SchemaType.NUMBER ? " and integer ones" : "") + ", not to "
          + (own == null ? "any()" : own.json + " ones"));
    }
    return edit(change);
  }

  private InputSchema edit(Consumer<SchemaRules> change) {
    SchemaRules copy = rules.copy();
    change.accept(copy);
    return new InputSchema(copy);
  }

  private static InputSchema nonNull(InputSchema schema) {
    if (schema == null) {
      throw new IllegalArgumentException("a schema is needed here; InputSchema.any() accepts anything");
    }
    return schema;
  }

  private static int nonNegative(String keyword, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(keyword + " must not be negative, not " + value);
    }
    return value;
  }
}
