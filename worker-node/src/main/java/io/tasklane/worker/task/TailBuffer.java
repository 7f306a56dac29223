package io.tasklane.worker.task;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written to it (a ring): a process's output kept bounded
 * however much it writes. It starts small and grows to {@code capacity} only as output comes
 * (a thousand quiet processes in the I/O lane hold little). Written by one thread, read by
 * another: synchronized.
 */
final class TailBuffer {

  private static final int INITIAL = 1024;

  private final int limit;
  private byte[] ring; // smaller than limit only while nothing was dropped: bytes at [0, total)
  private long total;

  TailBuffer(int capacity) {
    this.limit = capacity;
    this.ring = new byte[Math.min(capacity, INITIAL)];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    if (ring.length < limit && total + length > ring.length) {
      ring = java.util.Arrays.copyOf(ring, (int) Math.min(limit, Math.max(2L * ring.length, total + length)));
    }
    int capacity = ring.length;
    if (length >= capacity) {
      offset += length - capacity;
      total += length - capacity;
      length = capacity;
    }
    int at = (int) (total % capacity);
    int first = Math.min(length, capacity - at);
    System.arraycopy(bytes, offset, ring, at, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    total += length;
  }

  /** Bytes written in all, kept or not. */
  synchronized long total() {
    return total;
  }

  /**
   * The kept bytes as UTF-8 text; when the start was dropped, a character cut in two at the
   * start is dropped too, and malformed bytes become U+FFFD.
   */
  synchronized String text() {
    int capacity = ring.length;
    int kept = (int) Math.min(total, capacity);
    byte[] tail = new byte[kept];
    int start = (int) ((total - kept) % capacity);
    int first = Math.min(kept, capacity - start);
    System.arraycopy(ring, start, tail, 0, first);
    System.arraycopy(ring, 0, tail, first, kept - first);
    int skip = 0;
    if (total > kept) {
      while (skip < Math.min(3, kept) && (tail[skip] & 0xC0) == 0x80) {
        skip++; // a UTF-8 continuation byte: the rest of a character whose start was dropped
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(tail, skip, kept - skip))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }
}
