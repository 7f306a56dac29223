package io.tasklane.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Task inputs (JSON values) written to and read from the stream directly. Going through the
 * ObjectMapper instead ({@code writeTree}, {@code readValueAsTree}) sets up a serialization or
 * deserialization context per call, that is per task, which cost more than the value itself.
 * The nodes built are those Jackson's own tree reader builds; anything unusual (a POJO node,
 * a big decimal, an embedded object) still goes through the ObjectMapper.
 */
final class JsonValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  static void write(JsonGenerator g, JsonNode value) throws IOException {
    switch (value.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject(value, value.size());
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          g.writeFieldName(field.getKey());
          write(g, field.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray(value, value.size());
        for (JsonNode element : value) {
          write(g, element);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(value.textValue());
      case BOOLEAN -> g.writeBoolean(value.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        switch (value.numberType()) {
          case INT -> g.writeNumber(value.intValue());
          case LONG -> g.writeNumber(value.longValue());
          case DOUBLE -> g.writeNumber(value.doubleValue());
          case FLOAT -> g.writeNumber(value.floatValue());
          default -> g.writeTree(value); // big integers and decimals, as Jackson writes them
        }
      }
      default -> g.writeTree(value);
    }
  }

  /** The value the parser is on, as a tree. */
  static JsonNode read(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          object.set(name, read(p));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> p.readValueAsTree();
      };
      case VALUE_NUMBER_FLOAT -> switch (p.getNumberType()) {
        case DOUBLE -> NODES.numberNode(p.getDoubleValue());
        case FLOAT -> NODES.numberNode(p.getFloatValue());
        default -> p.readValueAsTree();
      };
      default -> p.readValueAsTree();
    };
  }
}
