package io.tasklane.protocol.job;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.task.RawJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A template's input as compact JSON text, worked out once: the string values that hold a
 * placeholder ({@code ${i}}, {@code ${line}}) are gaps between literal pieces of text. A task's
 * input is the pieces with each gap filled (the placeholders replaced, the string escaped), so
 * the coordinator writes every task's input as bytes without building a tree per task. The
 * text reads back as the tree {@link TaskTemplate} substitutes: placeholders in string values,
 * never in field names.
 */
public final class InputText {

  private final byte[][] literals;
  private final String[] gaps;
  /** The input when it has no gap: the same bytes for every task. */
  private final RawJson constant;

  private InputText(byte[][] literals, String[] gaps) {
    this.literals = literals;
    this.gaps = gaps;
    this.constant = gaps.length == 0 ? RawJson.ofUtf8(literals[0]) : null;
  }

  public static InputText of(JsonNode input) {
    List<String> literals = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    write(input, literal, literals, gaps);
    literals.add(literal.toString());
    byte[][] pieces = new byte[literals.size()][];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = literals.get(i).getBytes(StandardCharsets.UTF_8);
    }
    return new InputText(pieces, gaps.toArray(String[]::new));
  }

  /** True when some string value of the input holds a placeholder. */
  public boolean hasGaps() {
    return constant == null;
  }

  /**
   * The input of one task: {@code index} for {@code ${i}}, {@code item} for {@code ${line}}
   * (either null: that placeholder stays as it is).
   */
  public RawJson fill(String index, String item) {
    if (constant != null) {
      return constant;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(literals[0].length * 2 + 16);
    for (int i = 0; i < gaps.length; i++) {
      out.writeBytes(literals[i]);
      String text = index == null ? gaps[i] : gaps[i].replace(TaskTemplate.INDEX_PLACEHOLDER, index);
      if (item != null) {
        text = text.replace(TaskTemplate.LINE_PLACEHOLDER, item);
      }
      out.writeBytes(quoted(text).getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(literals[gaps.length]);
    return RawJson.ofUtf8(out.toByteArray());
  }

  private static void write(JsonNode node, StringBuilder literal, List<String> literals, List<String> gaps) {
    if (node.isObject()) {
      literal.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!first) {
          literal.append(',');
        }
        first = false;
        literal.append(quoted(field.getKey())).append(':');
        write(field.getValue(), literal, literals, gaps);
      }
      literal.append('}');
    } else if (node.isArray()) {
      literal.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          literal.append(',');
        }
        write(node.get(i), literal, literals, gaps);
      }
      literal.append(']');
    } else if (node.isTextual()) {
      String text = node.textValue();
      if (text.contains(TaskTemplate.INDEX_PLACEHOLDER) || text.contains(TaskTemplate.LINE_PLACEHOLDER)) {
        literals.add(literal.toString());
        literal.setLength(0);
        gaps.add(text);
      } else {
        literal.append(quoted(text));
      }
    } else {
      RawJson scalar = RawJson.of(node); // a number, a boolean; null for JSON null
      literal.append(scalar == null ? "null" : scalar.text());
    }
  }

  private static String quoted(String text) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
  }
}
