package io.tasklane.coordinator.plugin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A jar's bytes as the store keeps and sends them: its SHA-256 and its chunks. */
public final class JarBytes {

  private JarBytes() {}

  /** Lower-case hex SHA-256 of {@code parts}, in order. */
  public static String sha256(List<byte[]> parts) {
    MessageDigest digest = newDigest();
    parts.forEach(digest::update);
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String sha256(byte[] bytes) {
    return sha256(List.of(bytes));
  }

  /** {@code bytes} cut into pieces of {@code chunkBytes} (the last one shorter); one empty piece for no bytes. */
  public static List<byte[]> chunks(byte[] bytes, int chunkBytes) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, not " + chunkBytes);
    }
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += chunkBytes) {
      chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkBytes)));
    }
    if (chunks.isEmpty()) {
      chunks.add(new byte[0]);
    }
    return chunks;
  }

  /** How many chunks {@link #chunks} makes of {@code size} bytes. */
  public static int chunkCount(long size, int chunkBytes) {
    return size == 0 ? 1 : Math.toIntExact((size + chunkBytes - 1) / chunkBytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
