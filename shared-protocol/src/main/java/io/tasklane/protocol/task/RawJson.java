package io.tasklane.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as its compact UTF-8 text. Task outputs travel and are stored this way:
 * the worker writes the handler's value once, and the coordinator carries the bytes through
 * the wire, the journal and the result store to the results API without ever building a tree
 * (on the wire and in the journal it is one CBOR byte string). Immutable: the bytes are never changed after
 * construction, so {@link #utf8()} hands out the array itself.
 */
public final class RawJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final byte[] utf8;

  private RawJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** The value written as compact JSON; null for no value (null or JSON null). */
  public static RawJson of(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    try {
      return new RawJson(MAPPER.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("a JSON tree always writes", e);
    }
  }

  /**
   * The value written as compact JSON, unless that is over {@code maxBytes}: then null, and
   * the writing stops there (an oversized value is never held in full).
   */
  public static RawJson ofAtMost(JsonNode value, long maxBytes) throws TooLarge {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    Bounded out = new Bounded(maxBytes);
    try {
      MAPPER.writeValue(out, value);
    } catch (TooLarge tooLarge) {
      throw tooLarge;
    } catch (IOException e) {
      throw new UncheckedIOException("a JSON tree always writes", e);
    }
    return new RawJson(out.toByteArray());
  }

  /** Bytes that already are compact JSON text in UTF-8 (from the wire or the journal). */
  public static RawJson ofUtf8(byte[] utf8) {
    return new RawJson(utf8);
  }

  /** The compact JSON text as UTF-8; do not modify. */
  public byte[] utf8() {
    return utf8;
  }

  /** Length of the text in bytes. */
  public int size() {
    return utf8.length;
  }

  /** The value parsed into a tree (for tests and the odd reader; the hot paths keep bytes). */
  public JsonNode tree() {
    try {
      return MAPPER.readTree(utf8);
    } catch (IOException e) {
      throw new UncheckedIOException("RawJson holds JSON text", e);
    }
  }

  /** The JSON text. */
  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return text();
  }

  /** The value's JSON text is longer than the limit it was written against. */
  @SuppressWarnings("serial")
  public static final class TooLarge extends IOException {
    private final long limit;

    TooLarge(long limit) {
      super("more than " + limit + " bytes as JSON");
      this.limit = limit;
    }

    public long limit() {
      return limit;
    }
  }

  /** Collects written bytes up to a limit; past it, the write fails with TooLarge. */
  private static final class Bounded extends java.io.OutputStream {
    private final long max;
    private byte[] buffer = new byte[64];
    private int count;

    Bounded(long max) {
      this.max = max;
    }

    @Override
    public void write(int b) throws TooLarge {
      room(1);
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws TooLarge {
      room(length);
      System.arraycopy(bytes, offset, buffer, count, length);
      count += length;
    }

    private void room(int more) throws TooLarge {
      if (count + (long) more > max) {
        throw new TooLarge(max);
      }
      if (count + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(count + more, 2L * buffer.length)));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, count);
    }
  }
}
