package io.tasklane.protocol.codec;

import static io.tasklane.protocol.codec.CborArrays.bytes;
import static io.tasklane.protocol.codec.CborArrays.element;
import static io.tasklane.protocol.codec.CborArrays.integer;
import static io.tasklane.protocol.codec.CborArrays.lane;
import static io.tasklane.protocol.codec.CborArrays.number;
import static io.tasklane.protocol.codec.CborArrays.status;
import static io.tasklane.protocol.codec.CborArrays.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import java.io.IOException;

/**
 * One task and one outcome on the wire: a CBOR array of its components in record order, no
 * property names (per task, the names were most of what a worker decoded). A task's input is
 * its JSON value in CBOR; an outcome's output its compact JSON text as one byte string, carried
 * to the results API without a tree ever being built.
 */
final class TaskCodec {

  private static final String SPEC = "a task";
  private static final String OUTCOME = "an outcome";

  private TaskCodec() {}

  /** [index, id, type, lane, input, timeoutMs, retries, key] */
  static void write(JsonGenerator g, TaskSpec spec) throws IOException {
    g.writeStartArray(null, 8);
    g.writeNumber(spec.index());
    g.writeString(spec.id());
    g.writeString(spec.type());
    g.writeString(spec.lane().wireName());
    JsonValues.write(g, spec.input());
    g.writeNumber(spec.timeoutMs());
    g.writeNumber(spec.retries());
    writeNullable(g, spec.key());
    g.writeEndArray();
  }

  static TaskSpec readSpec(JsonParser p) throws IOException {
    CborArrays.start(p, SPEC);
    int index = integer(p, SPEC);
    String id = text(p, SPEC);
    String type = text(p, SPEC);
    var lane = lane(p, SPEC);
    element(p, SPEC);
    JsonNode input = JsonValues.read(p);
    long timeoutMs = number(p, SPEC);
    int retries = integer(p, SPEC);
    String key = text(p, SPEC);
    CborArrays.end(p, SPEC);
    return new TaskSpec(index, id, type, lane, input, timeoutMs, retries, key);
  }

  /** [index, status, output, error, attempts, thread] */
  static void write(JsonGenerator g, TaskOutcome outcome) throws IOException {
    g.writeStartArray(null, 6);
    g.writeNumber(outcome.index());
    g.writeString(outcome.status().wireName());
    if (outcome.output() == null) {
      g.writeNull();
    } else {
      g.writeBinary(outcome.output().utf8());
    }
    writeNullable(g, outcome.error());
    g.writeNumber(outcome.attempts());
    writeNullable(g, outcome.thread());
    g.writeEndArray();
  }

  static TaskOutcome readOutcome(JsonParser p) throws IOException {
    CborArrays.start(p, OUTCOME);
    int index = integer(p, OUTCOME);
    var status = status(p, OUTCOME);
    byte[] output = bytes(p, OUTCOME);
    String error = text(p, OUTCOME);
    int attempts = integer(p, OUTCOME);
    String thread = text(p, OUTCOME);
    CborArrays.end(p, OUTCOME);
    return new TaskOutcome(index, status, output == null ? null : RawJson.ofUtf8(output), error, attempts, thread);
  }

  static void writeNullable(JsonGenerator g, String text) throws IOException {
    if (text == null) {
      g.writeNull();
    } else {
      g.writeString(text);
    }
  }
}
