package io.tasklane.protocol.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link JsonNode} tree from a streaming parser (YAML or JSON alike), noting the line
 * of every value and key down to {@value #LOCATED_DEPTH} levels (one more inside a task's
 * {@code foreach}), which {@code JsonNode} alone cannot tell. Duplicate keys are problems (the
 * first value is kept), and so are YAML aliases.
 */
final class LocatedTreeReader {

  /** Root = 0, {@code tasks} = 1, {@code tasks[k]} = 2, {@code tasks[k].timeout} = 3. */
  private static final int LOCATED_DEPTH = 3;

  /** Deeper documents are refused rather than risk the stack. */
  private static final int MAX_DEPTH = 200;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser parser;
  private final Problems problems;
  private final Map<String, Integer> valueLines = new HashMap<>();
  private final Map<String, Integer> keyLines = new HashMap<>();

  private LocatedTreeReader(JsonParser parser, Problems problems) {
    this.parser = parser;
    this.problems = problems;
  }

  /**
   * Reads one document; null (with a problem added) when there is none or it is too deep.
   * Malformed input surfaces as the parser's {@link IOException}.
   */
  static LocatedTree read(JsonParser parser, Problems problems) throws IOException {
    LocatedTreeReader reader = new LocatedTreeReader(parser, problems);
    JsonToken first = parser.nextToken();
    if (first == null) {
      problems.add(0, "", "the file is empty");
      return null;
    }
    JsonNode root = reader.value("", 0, true);
    if (root == null) {
      return null;
    }
    if (parser.nextToken() != null) {
      problems.add(line(parser), "", "unexpected content after the job (one job per file)");
    }
    return new LocatedTree(root, reader.valueLines, reader.keyLines);
  }

  /** {@code located}: {@code path} is this value's own path (not an ancestor's), so note its line. */
  private JsonNode value(String path, int depth, boolean located) throws IOException {
    if (depth > MAX_DEPTH) {
      problems.add(line(parser), path, "nested more than " + MAX_DEPTH + " levels deep");
      return null;
    }
    if (located) {
      valueLines.put(path, line(parser));
    }
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      // the streaming parser gives an alias as its anchor's name, a string: refused rather than
      // silently replacing the value it stands for (and never expanded, so no alias bomb either)
      problems.add(line(parser), path, "YAML aliases are not supported (*" + parser.getText()
          + "): write the value out in full");
      return NODES.nullNode();
    }
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(path, depth, located);
      case START_ARRAY -> array(path, depth, located);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> integer();
      case VALUE_NUMBER_FLOAT -> decimal();
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      // YAML binary and the like: keep their text
      default -> NODES.textNode(parser.getText());
    };
  }

  private JsonNode integer() throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  /** A double when it is one, else (1e400: infinite as a double) the number as written, not "Infinity". */
  private JsonNode decimal() throws IOException {
    double value = parser.getDoubleValue();
    return Double.isFinite(value) ? NODES.numberNode(value) : NODES.numberNode(parser.getDecimalValue());
  }

  private JsonNode object(String path, int depth, boolean located) throws IOException {
    ObjectNode object = NODES.objectNode();
    boolean locate = located && (depth < LOCATED_DEPTH || (depth == LOCATED_DEPTH && isForeach(path)));
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String fieldPath = locate ? LocatedTree.child(path, name) : path;
      int keyLine = line(parser);
      parser.nextToken();
      if (object.has(name)) {
        problems.add(keyLine, fieldPath, "duplicate field '" + name + "'");
        parser.skipChildren();
        continue;
      }
      if (locate) {
        keyLines.put(fieldPath, keyLine);
      }
      JsonNode child = value(fieldPath, depth + 1, locate);
      if (child == null) {
        return null;
      }
      object.set(name, child);
    }
    return object;
  }

  private JsonNode array(String path, int depth, boolean located) throws IOException {
    ArrayNode array = NODES.arrayNode();
    boolean locate = located && depth < LOCATED_DEPTH;
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      String elementPath = locate ? LocatedTree.element(path, index++) : path;
      JsonNode child = value(elementPath, depth + 1, locate);
      if (child == null) {
        return null;
      }
      array.add(child);
    }
    return array;
  }

  /** {@code tasks[k].foreach}, whose fields ({@code file}, {@code range}) are located too. */
  private static boolean isForeach(String path) {
    return path.startsWith("tasks[") && path.endsWith("].foreach");
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }
}
