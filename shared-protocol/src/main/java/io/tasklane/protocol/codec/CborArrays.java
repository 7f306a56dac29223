package io.tasklane.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskStatus;
import java.io.IOException;

/**
 * Reading the CBOR arrays the codecs write: each value at its position, strict about types, an
 * array cut short refused, elements past the known ones (a later version's) skipped.
 */
final class CborArrays {

  private CborArrays() {}

  /** The parser must be on the start of {@code what}'s array. */
  static void start(JsonParser p, String what) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new WireFormatException("expected " + what + " as an array, got " + p.currentToken());
    }
  }

  /** Moves to the array's next element, which must be an array (a list of values). */
  static void list(JsonParser p, String what) throws IOException {
    element(p, what);
    start(p, "a list in " + what);
  }

  /** Moves to the array's next element; the array ending here is refused. */
  static JsonToken element(JsonParser p, String what) throws IOException {
    JsonToken token = p.nextToken();
    if (token == null || token == JsonToken.END_ARRAY) {
      throw new WireFormatException(what + "'s array is cut short");
    }
    return token;
  }

  /** Skips what is left of the array (elements a later version added) up to its end. */
  static void end(JsonParser p, String what) throws IOException {
    for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
      if (token == null) {
        throw new WireFormatException(what + "'s array is cut short");
      }
      p.skipChildren();
    }
  }

  /** Moves to a list's next element: true when there is one, false at the list's end. */
  static boolean hasNext(JsonParser p, String what) throws IOException {
    JsonToken token = p.nextToken();
    if (token == null) {
      throw new WireFormatException(what + " is cut short");
    }
    return token != JsonToken.END_ARRAY;
  }

  static String text(JsonParser p, String what) throws IOException {
    JsonToken token = element(p, what);
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new WireFormatException("expected a string in " + what + ", got " + token);
    }
    return p.getText();
  }

  static long number(JsonParser p, String what) throws IOException {
    JsonToken token = element(p, what);
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw new WireFormatException("expected a whole number in " + what + ", got " + token);
    }
    return p.getLongValue();
  }

  static int integer(JsonParser p, String what) throws IOException {
    long value = number(p, what);
    if (value != (int) value) {
      throw new WireFormatException("a number out of range in " + what + ": " + value);
    }
    return (int) value;
  }

  static byte[] bytes(JsonParser p, String what) throws IOException {
    JsonToken token = element(p, what);
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_EMBEDDED_OBJECT) {
      throw new WireFormatException("expected bytes in " + what + ", got " + token);
    }
    return p.getBinaryValue();
  }

  static Lane lane(JsonParser p, String what) throws IOException {
    String name = text(p, what);
    for (Lane lane : Lane.values()) {
      if (lane.wireName().equals(name)) {
        return lane;
      }
    }
    throw new WireFormatException("unknown lane '" + name + "' in " + what);
  }

  static TaskStatus status(JsonParser p, String what) throws IOException {
    String name = text(p, what);
    for (TaskStatus status : TaskStatus.values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new WireFormatException("unknown task status '" + name + "' in " + what);
  }

  /** Bytes that are no message this codec wrote. */
  @SuppressWarnings("serial")
  static final class WireFormatException extends IOException {
    WireFormatException(String message) {
      super(message);
    }
  }
}
