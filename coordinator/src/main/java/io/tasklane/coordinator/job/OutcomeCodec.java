package io.tasklane.coordinator.job;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.tasklane.protocol.task.TaskStatus;
import java.io.IOException;

/**
 * How the journal holds a batch's outcomes ({@link RecordedOutcomes}): an array of outcomes, each
 * an array {@code [index, status, output, error, attempts, thread]} with the output as a CBOR
 * byte string of its JSON text. That is the shape journals have held since outcomes were arrays;
 * older journals hold each outcome as a map ({@code x, s, o, e, a, th}), and the oldest the
 * output as a tree: both still read. Written without property names: recording is a hot path.
 */
final class OutcomeCodec {

  /** The journal's names for the statuses: its own, whatever the wire calls them. */
  private static final String[] STATUS_NAMES = new String[TaskStatus.values().length];

  static {
    STATUS_NAMES[TaskStatus.SUCCEEDED.ordinal()] = "succeeded";
    STATUS_NAMES[TaskStatus.FAILED.ordinal()] = "failed";
    STATUS_NAMES[TaskStatus.TIMED_OUT.ordinal()] = "timed_out";
    STATUS_NAMES[TaskStatus.CANCELLED.ordinal()] = "cancelled";
  }

  private static final TaskStatus[] STATUSES = TaskStatus.values();
  private static final int FIELDS = 6;
  /** Writes an older journal's output tree as compact JSON text. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutcomeCodec() {}

  static final class Writer extends StdSerializer<RecordedOutcomes> {

    Writer() {
      super(RecordedOutcomes.class);
    }

    @Override
    public void serialize(RecordedOutcomes outcomes, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartArray(outcomes, outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        gen.writeStartArray(null, FIELDS);
        gen.writeNumber(outcomes.index(i));
        gen.writeString(STATUS_NAMES[outcomes.status(i).ordinal()]);
        byte[] output = outcomes.output(i);
        if (output == null) {
          gen.writeNull();
        } else {
          gen.writeBinary(output);
        }
        writeText(gen, outcomes.error(i));
        gen.writeNumber(outcomes.attempts(i));
        writeText(gen, outcomes.thread(i));
        gen.writeEndArray();
      }
      gen.writeEndArray();
    }

    private static void writeText(JsonGenerator gen, String text) throws IOException {
      if (text == null) {
        gen.writeNull();
      } else {
        gen.writeString(text);
      }
    }
  }

  static final class Reader extends StdDeserializer<RecordedOutcomes> {

    Reader() {
      super(RecordedOutcomes.class);
    }

    @Override
    public RecordedOutcomes deserialize(JsonParser p, DeserializationContext context) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return context.reportInputMismatch(RecordedOutcomes.class, "expected an array of outcomes, got %s",
            p.currentToken());
      }
      RecordedOutcomes outcomes = new RecordedOutcomes(8);
      for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
        if (token == null) {
          return context.reportInputMismatch(RecordedOutcomes.class, "the outcomes' array is cut short");
        }
        if (token == JsonToken.START_ARRAY) {
          readArray(p, context, outcomes);
        } else if (token == JsonToken.START_OBJECT) {
          readMap(p, context, outcomes);
        } else {
          return context.reportInputMismatch(RecordedOutcomes.class, "expected an outcome, got %s", token);
        }
      }
      return outcomes;
    }

    /** {@code [index, status, output, error, attempts, thread]}; later additions are skipped. */
    private static void readArray(JsonParser p, DeserializationContext context, RecordedOutcomes into)
        throws IOException {
      int index = number(element(p, context), context);
      TaskStatus status = status(element(p, context), context);
      byte[] output = output(element(p, context), context);
      String error = text(element(p, context), context);
      int attempts = number(element(p, context), context);
      String thread = text(element(p, context), context);
      for (JsonToken next = p.nextToken(); next != JsonToken.END_ARRAY; next = p.nextToken()) {
        if (next == null) {
          context.reportInputMismatch(RecordedOutcomes.class, "an outcome's array is cut short");
        }
        p.skipChildren();
      }
      into.add(index, status, output, error, attempts, thread);
    }

    /** An older journal's outcome: a map of {@code x, s, o, e, a, th}. */
    private static void readMap(JsonParser p, DeserializationContext context, RecordedOutcomes into)
        throws IOException {
      int index = 0;
      TaskStatus status = null;
      byte[] output = null;
      String error = null;
      int attempts = 0;
      String thread = null;
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
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
      if (status == null) {
        context.reportInputMismatch(RecordedOutcomes.class, "an outcome without a status");
      }
      into.add(index, status, output, error, attempts, thread);
    }

    private static JsonParser element(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.nextToken();
      if (token == null || token == JsonToken.END_ARRAY) {
        context.reportInputMismatch(RecordedOutcomes.class, "an outcome's array is cut short");
      }
      return p;
    }

    /** A whole number; null reads as 0. */
    private static int number(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return 0;
      }
      if (token != JsonToken.VALUE_NUMBER_INT) {
        return context.reportInputMismatch(RecordedOutcomes.class, "expected a whole number in an outcome, got %s", token);
      }
      return p.getIntValue();
    }

    private static String text(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.VALUE_STRING) {
        return context.reportInputMismatch(RecordedOutcomes.class, "expected a string in an outcome, got %s", token);
      }
      return p.getText();
    }

    private static TaskStatus status(JsonParser p, DeserializationContext context) throws IOException {
      String name = p.getValueAsString();
      for (int s = 0; s < STATUS_NAMES.length; s++) {
        if (STATUS_NAMES[s].equals(name)) {
          return STATUSES[s];
        }
      }
      return context.reportInputMismatch(RecordedOutcomes.class, "unknown task status '%s'", name);
    }

    /**
     * A byte string of JSON text; from the oldest journals the value as a tree, written here as
     * compact JSON (a byte string that cannot start JSON text was a handler's bytes: its base64
     * string, as results showed it then).
     */
    private static byte[] output(JsonParser p, DeserializationContext context) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof byte[] bytes) {
        return startsJson(bytes) ? bytes : JSON.writeValueAsBytes(BinaryNode.valueOf(bytes));
      }
      JsonNode tree = context.readTree(p);
      return tree == null || tree.isNull() || tree.isMissingNode() ? null : JSON.writeValueAsBytes(tree);
    }

    private static boolean startsJson(byte[] bytes) {
      if (bytes.length == 0) {
        return false;
      }
      byte first = bytes[0];
      return first == '{' || first == '[' || first == '"' || first == '-' || (first >= '0' && first <= '9')
          || first == 't' || first == 'f' || first == 'n';
    }
  }
}
