package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The size of a value written as compact JSON (UTF-8), counted without keeping the bytes: the
 * job-file parser's input limit and the worker's output limit both measure with it.
 */
public final class JsonSize {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonSize() {}

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
