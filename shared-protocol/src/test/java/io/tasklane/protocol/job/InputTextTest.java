package io.tasklane.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] PIECES = {"${i}", "${line}", "a", "\"", "\\", "\n", "\u0001", "é", "\uD83D\uDE00", "$", "{", "}", "/", " "};

  /** The meaning the text must keep: placeholders replaced in string values, never in field names. */
  private static JsonNode substituted(JsonNode node, String index, String item) {
    if (node.isTextual()) {
      return TextNode.valueOf(node.textValue().replace("${i}", index).replace("${line}", item));
    }
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), substituted(field.getValue(), index, item));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(child -> copy.add(substituted(child, index, item)));
      return copy;
    }
    return node;
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(4); n > 0; n--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  private static JsonNode tree(Random random, int depth) {
    int kind = depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
    return switch (kind) {
      case 0 -> {
        ObjectNode object = NODES.objectNode();
        for (int n = random.nextInt(4); n > 0; n--) {
          object.set(text(random), tree(random, depth + 1));
        }
        yield object;
      }
      case 1 -> {
        ArrayNode array = NODES.arrayNode();
        for (int n = random.nextInt(4); n > 0; n--) {
          array.add(tree(random, depth + 1));
        }
        yield array;
      }
      case 2 -> TextNode.valueOf(text(random));
      case 3 -> random.nextBoolean() ? NODES.numberNode(random.nextLong()) : NODES.numberNode(random.nextDouble() * 1e6);
      case 4 -> NODES.booleanNode(random.nextBoolean());
      default -> NODES.nullNode();
    };
  }

  @Test
  void eachTasksTextReadsAsTheTemplateWithItsPlaceholdersSubstitutedInStringValues() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 3000; round++) {
      JsonNode input = tree(random, 0);
      String index = Integer.toString(random.nextInt(1_000_000));
      String item = text(random).replace("${i}", "").replace("${line}", "");
      InputText text = InputText.of(input);

      JsonNode read = JSON.readTree(text.fill(index, item).utf8());
      assertThat(read).as("%s with ${i}=%s ${line}=%s", input, index, item).isEqualTo(substituted(input, index, item));
    }
  }

  @Test
  void anInputWithoutPlaceholdersIsOneTextForEveryTask() throws Exception {
    InputText text = InputText.of(JSON.readTree("{\"ms\": 200, \"tags\": [\"a\", null, true, 1.5]}"));

    assertThat(text.hasGaps()).isFalse();
    assertThat(text.fill("1", null)).isSameAs(text.fill("2", null));
    assertThat(text.fill("1", null).text()).isEqualTo("{\"ms\":200,\"tags\":[\"a\",null,true,1.5]}");
  }

  @Test
  void aPlaceholderInAFieldNameStaysAsItIs() throws Exception {
    InputText text = InputText.of(JSON.readTree("{\"${i}\": \"v${i}\", \"q\": \"say \\\"${line}\\\"\"}"));

    assertThat(text.hasGaps()).isTrue();
    assertThat(text.fill("7", "x\"y\\z\n").tree())
        .isEqualTo(JSON.readTree("{\"${i}\": \"v7\", \"q\": \"say \\\"x\\\"y\\\\z\\n\\\"\"}"));
  }
}
