package io.tasklane.protocol.task;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.BinaryNode;
import java.io.IOException;
import java.util.Objects;

/**
 * What a worker reports for one task after its last attempt.
 *
 * @param index the task's position in its job ({@link TaskSpec#index()})
 * @param output the handler's output as compact JSON text, null unless succeeded
 * @param error the reason, null when succeeded
 * @param attempts attempts made, at least 1 (0 for a task cancelled before it started)
 * @param thread the name of the thread that ran the (last) attempt
 */
// On the wire through io.tasklane.protocol.codec.BatchSerializer, which needs none of what
// follows. The Jackson shape below (an array in this order, read from an array or, as journals
// written before hold it, from a map by Reader) is only for the coordinator's journal, whose
// ResultsRecorded event still embeds TaskOutcome: it goes once the journal has its own records.
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"x", "s", "o", "e", "a", "th"})
@JsonDeserialize(using = TaskOutcome.Reader.class)
public record TaskOutcome(
    @JsonProperty("x") int index,
    @JsonProperty("s") TaskStatus status,
    @JsonProperty("o") RawJson output,
    @JsonProperty("e") String error,
    @JsonProperty("a") int attempts,
    @JsonProperty("th") String thread) {

  /** What an outcome costs besides its output and error: index, status, attempts, thread. */
  public static final int OVERHEAD_BYTES = 64;

  public TaskOutcome {
    Objects.requireNonNull(status, "status");
  }

  /**
   * Its size in a message, estimated: the output's and the error's UTF-8 bytes plus
   * {@link #OVERHEAD_BYTES}. The worker splits result batches by it and the coordinator groups
   * them by it, so that no message outgrows the transport's frame.
   */
  public long estimatedBytes() {
    return OVERHEAD_BYTES + (output == null ? 0 : output.size()) + utf8Bytes(error);
  }

  private static long utf8Bytes(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        bytes += 2; // a pair is 4 bytes
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Reads an outcome written as an array (positions as in the property order) or as a map. */
  static final class Reader extends StdDeserializer<TaskOutcome> {

    Reader() {
      super(TaskOutcome.class);
    }

    @Override
    public TaskOutcome deserialize(JsonParser p, DeserializationContext context) throws IOException {
      int index = 0;
      TaskStatus status = null;
      RawJson output = null;
      String error = null;
      int attempts = 0;
      String thread = null;
      if (p.isExpectedStartArrayToken()) {
        index = number(element(p, context), context);
        status = status(element(p, context), context);
        output = output(element(p, context), context);
        error = text(element(p, context), context);
        attempts = number(element(p, context), context);
        thread = text(element(p, context), context);
        for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
          if (next == null) {
            return context.reportInputMismatch(TaskOutcome.class, "an outcome's array is cut short");
          }
          p.skipChildren(); // a later version's additions
        }
      } else {
        String name = p.currentToken() == JsonToken.START_OBJECT ? p.nextFieldName() : p.currentName();
        for (; name != null; name = p.nextFieldName()) {
          p.nextToken();
          switch (name) {
            case "x" -> index = number(p, context);
            case "s" -> status = status(p, context);
            case "o" -> output = output(p, context);
            case "e" -> error = text(p, context);
            case "a" -> attempts = number(p, context);
            case "th" -> thread = text(p, context);
            default -> p.skipChildren();
          }
        }
      }
      if (status == null) {
        return context.reportInputMismatch(TaskOutcome.class, "an outcome without a status");
      }
      return new TaskOutcome(index, status, output, error, attempts, thread);
    }

    /** The parser on the array's next element; an array that ends early is refused. */
    private static JsonParser element(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.nextToken();
      if (token == null || token == JsonToken.END_ARRAY) {
        context.reportInputMismatch(TaskOutcome.class, "an outcome's array is cut short");
      }
      return p;
    }

    /** A whole number; null reads as 0, as for the record's int components before. */
    private static int number(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return 0;
      }
      if (token != JsonToken.VALUE_NUMBER_INT) {
        return context.reportInputMismatch(TaskOutcome.class, "expected a whole number in an outcome, got %s", token);
      }
      return p.getIntValue();
    }

    /** A string or null; anything else is refused (and not half read). */
    private static String text(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.VALUE_STRING) {
        return context.reportInputMismatch(TaskOutcome.class, "expected a string in an outcome, got %s", token);
      }
      return p.getText();
    }

    private static TaskStatus status(JsonParser p, DeserializationContext context) throws IOException {
      String text = p.getValueAsString();
      for (TaskStatus status : TaskStatus.values()) {
        if (status.wireName().equals(text)) {
          return status;
        }
      }
      return context.reportInputMismatch(TaskStatus.class, "unknown task status '%s'", text);
    }

    /** A CBOR byte string of JSON text, or (older journals) the value as a tree. */
    private static RawJson output(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof byte[] bytes) {
        return RawJson.fromJackson(BinaryNode.valueOf(bytes));
      }
      return RawJson.fromJackson(context.readTree(p));
    }
  }
}
