package io.tasklane.protocol.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Lists the {@code tasks[k].foreach.file} values of a job text in one streaming pass, without
 * building the tree, and keeps what it found when the text turns out broken.
 */
final class ForeachFiles {

  private ForeachFiles() {}

  /** The names in file order; never throws on malformed input (stops there). */
  static Set<String> scan(JsonParser parser) {
    Set<String> found = new LinkedHashSet<>();
    try (parser) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Collections.unmodifiableSet(found);
      }
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT && parser.getParsingContext().inRoot()) {
          break; // one job per file: what follows is refused by the parser anyway
        }
        String name = token.isScalarValue() && isForeachFile(parser.getParsingContext()) ? text(parser, token) : null;
        if (name != null && !name.isBlank()) {
          found.add(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a broken file: the names seen so far are what the client can send
    }
    return Collections.unmodifiableSet(found);
  }

  /** The context of a value at {@code tasks[k].foreach.file}. */
  private static boolean isForeachFile(JsonStreamContext context) {
    if (!context.inObject() || !"file".equals(context.getCurrentName())) {
      return false;
    }
    JsonStreamContext foreach = context.getParent();
    if (foreach == null || !foreach.inObject() || !"foreach".equals(foreach.getCurrentName())) {
      return false;
    }
    JsonStreamContext tasks = foreach.getParent();
    if (tasks == null || !tasks.inArray()) {
      return false;
    }
    JsonStreamContext job = tasks.getParent();
    return job != null && job.inObject() && "tasks".equals(job.getCurrentName())
        && job.getParent() != null && job.getParent().inRoot();
  }

  /** The value as the parser reads it ({@link Fields#text}: numbers count as their text). */
  private static String text(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue().toString();
      case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue()).asText();
      default -> null;
    };
  }
}
