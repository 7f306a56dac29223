package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The size of a value written as compact JSON (UTF-8), counted without keeping the bytes: the
 * job-file parser's input limit and the worker's output limit both measure with it; and of a
 * string in UTF-8, for the byte budgets of messages.
 */
public final class JsonSize {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonSize() {}

  /** The UTF-8 bytes of {@code text} (0 for null), counted without encoding it. */
  public static long utf8(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
    }
    return bytes;
  }

  public static long of(JsonNode value) {
    Counter counter = new Counter();
    try {
      MAPPER.writeValue(counter, value);
    } catch (IOException e) {
      throw new UncheckedIOException("counting cannot fail", e);
    }
    return counter.bytes;
  }

  private static final class Counter extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      bytes += length;
    }
  }
}
