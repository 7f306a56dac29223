package io.tasklane.protocol;

/** The UTF-8 length of text, counted without encoding it: for the byte budgets of messages. */
public final class Utf8 {

  private Utf8() {}

  /** The UTF-8 bytes of {@code text} (0 for null). */
  public static long length(String text) {
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
}
