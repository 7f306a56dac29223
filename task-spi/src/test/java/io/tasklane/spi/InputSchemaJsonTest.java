package io.tasklane.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InputSchemaJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void aFluentSchemaIsWrittenAsJsonSchema() {
    InputSchema schema = InputSchema.object()
        .required("ms", InputSchema.integer().minimum(0).description("how long"))
        .optional("tags", InputSchema.array(InputSchema.string().maxLength(10)).minItems(1))
        .optional("ratio", InputSchema.number().maximum(0.5))
        .additionalProperties(false);
    assertThat(schema.toJson()).isEqualTo(json("""
        {'type': 'object',
         'properties': {
           'ms': {'type': 'integer', 'description': 'how long', 'minimum': 0},
           'tags': {'type': 'array', 'items': {'type': 'string', 'maxLength': 10}, 'minItems': 1},
           'ratio': {'type': 'number', 'maximum': 0.5}},
         'required': ['ms'],
         'additionalProperties': false}
        """));
    assertThat(InputSchema.any().toJson()).isEqualTo(json("{}"));
  }

  @Test
  void readingWhatWasWrittenGivesTheSameSchema() {
    InputSchema schema = InputSchema.object()
        .required("argv", InputSchema.array(InputSchema.string()).minItems(1))
        .optional("env", InputSchema.object().additionalProperties(InputSchema.string()))
        .optional("mode", InputSchema.string().enumOf("a", "b").pattern("^[ab]$"))
        .optional("on", InputSchema.bool());
    InputSchema read = InputSchema.fromJson(schema.toJson());
    assertThat(read).isEqualTo(schema);
    assertThat(read.toJson()).isEqualTo(schema.toJson());
  }

  @Test
  void aReadSchemaChecksAsItSays() {
    InputSchema schema = InputSchema.fromJson(json("""
        {'$schema': 'https://json-schema.org/draft/2020-12/schema', 'title': 'Sleep',
         'type': 'object', 'required': ['ms'],
         'properties': {'ms': {'type': 'integer', 'minimum': 0, 'default': 10}}}
        """));
    assertThat(schema.check(json("{'ms': 'abc'}"))).containsExactly("input.ms: must be an integer, got \"abc\"");
    assertThat(schema.check(json("{'ms': -1}"))).containsExactly("input.ms: must be at least 0, got -1");
    assertThat(schema.toJson().get("title").asText()).as("annotations kept").isEqualTo("Sleep");
    assertThat(schema.toJson().at("/properties/ms/default").asInt()).isEqualTo(10);
  }

  @Test
  void aRequiredNameWithoutPropertiesAcceptsAnyValueButMustBeThere() {
    InputSchema schema = InputSchema.fromJson(json("{'type': 'object', 'required': ['x']}"));
    assertThat(schema.check(json("{'x': [1]}"))).isEmpty();
    assertThat(schema.check(json("{}"))).containsExactly("input.x: required");
  }

  @Test
  void trueAndTheEmptyObjectAcceptAnything() {
    assertThat(InputSchema.fromJson(json("true")).acceptsAnything()).isTrue();
    assertThat(InputSchema.fromJson(json("{}")).check(json("[1, 2]"))).isEmpty();
  }

  @Test
  void anUnsupportedKeywordIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> InputSchema.fromJson(json(
        "{'type': 'object', 'properties': {'ms': {'type': 'integer', 'exclusiveMinimum': 0}}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("input.ms: unsupported keyword 'exclusiveMinimum' (supported: type, properties");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'oneOf': [{'type': 'string'}]}")))
        .hasMessageStartingWith("input: unsupported keyword 'oneOf'");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'array', 'items': {'$ref': '#/x'}}")))
        .hasMessageStartingWith("input[]: unsupported keyword '$ref'");
  }

  @Test
  void aKeywordThatDoesNotFitItsTypeOrAMalformedValueIsRefused() {
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'string', 'minimum': 1}")))
        .hasMessage("input: 'minimum' needs \"type\": \"number\" or \"integer\", not \"string\"");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'properties': {}}")))
        .hasMessage("input: 'properties' needs \"type\": \"object\" (no type given)");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': ['string', 'null']}")))
        .hasMessageContaining("lists of types are not supported");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'text'}")))
        .hasMessageStartingWith("input: unknown type 'text'");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'array', 'minItems': -1}")))
        .hasMessage("input: 'minItems' must be a whole number >= 0, not -1");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'string', 'pattern': '('}")))
        .hasMessageStartingWith("input: 'pattern' is not a regular expression");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'enum': []}")))
        .hasMessageStartingWith("input: 'enum' must be a non-empty array");
    assertThatThrownBy(() -> InputSchema.fromJson(json("false"))).hasMessageContaining("not supported");
    assertThatThrownBy(() -> InputSchema.fromJson(json("[1]"))).hasMessageContaining("a schema is a JSON object");
    assertThatThrownBy(() -> InputSchema.fromJson(json("{'type': 'object', 'additionalProperties': {'type': 'str'}}")))
        .hasMessageStartingWith("input.*: unknown type 'str'");
  }
}
