package io.tasklane.coordinator.job;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A page of result lines being rendered (the JSON lines of the results API and {@code -o json}),
 * as UTF-8 in one growing byte array: a stored output is copied as it was journaled (not
 * decoded and encoded again line by line; the page becomes one String at the end), and no JSON
 * generator is made per line. Strings are
 * escaped as JSON requires ({@code "}, {@code \}, control characters); other characters go
 * out as they are, in UTF-8.
 */
final class ResultLines {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] bytes = new byte[256];
  private int length;

  /** Bytes written so far (the page's size bound). */
  int length() {
    return length;
  }

  /** The page as text. */
  String text() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  ResultLines raw(byte[] from) {
    return raw(from, 0, from.length);
  }

  ResultLines raw(byte[] from, int offset, int count) {
    ensure(count);
    System.arraycopy(from, offset, bytes, length, count);
    length += count;
    return this;
  }

  /** Text known to need no escaping and to be ASCII: field names, wire names. */
  ResultLines ascii(String text) {
    int count = text.length();
    ensure(count);
    text.getBytes(0, count, bytes, length); // ASCII only: the low byte is the character
    length += count;
    return this;
  }

  ResultLines number(long value) {
    if (value >= 0 && value < 10) {
      ensure(1);
      bytes[length++] = (byte) ('0' + value);
      return this;
    }
    return ascii(Long.toString(value));
  }

  /** {@code text} as a JSON string, or {@code null}. */
  ResultLines string(String text) {
    if (text == null) {
      return raw(NULL);
    }
    ensure(text.length() + 2);
    bytes[length++] = '"';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        // the rest as UTF-8 (surrogate pairs included); escaping still applies to what follows
        stringTail(text, i);
        return this;
      }
      escapeAscii(c);
    }
    ensure(1);
    bytes[length++] = '"';
    return this;
  }

  /** {@code text} as the bytes of a JSON string (for names written on many lines). */
  static byte[] quoted(String text) {
    ResultLines one = new ResultLines();
    one.string(text);
    return Arrays.copyOf(one.bytes, one.length);
  }

  private void stringTail(String text, int from) {
    int start = from;
    for (int i = from; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '"';
      if (i == text.length() || c < 0x20 || c == '"' || c == '\\') {
        byte[] utf8 = text.substring(start, i).getBytes(StandardCharsets.UTF_8);
        raw(utf8);
        if (i == text.length()) {
          ensure(1);
          bytes[length++] = '"';
          return;
        }
        escapeAscii(c);
        start = i + 1;
      }
    }
  }

  private void escapeAscii(char c) {
    ensure(6);
    if (c >= 0x20 && c != '"' && c != '\\') {
      bytes[length++] = (byte) c;
      return;
    }
    bytes[length++] = '\\';
    switch (c) {
      case '"' -> bytes[length++] = '"';
      case '\\' -> bytes[length++] = '\\';
      case '\n' -> bytes[length++] = 'n';
      case '\r' -> bytes[length++] = 'r';
      case '\t' -> bytes[length++] = 't';
      case '\b' -> bytes[length++] = 'b';
      case '\f' -> bytes[length++] = 'f';
      default -> {
        bytes[length++] = 'u';
        bytes[length++] = '0';
        bytes[length++] = '0';
        bytes[length++] = HEX[c >> 4];
        bytes[length++] = HEX[c & 0xF];
      }
    }
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
    }
  }
}
