package io.tasklane.coordinator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Job ids: minted for a new job, derived from an idempotency key, or checked in a path. */
final class JobIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private JobIds() {}

  /** Whether a path segment can name a job (anything else is answered 404 without asking). */
  static boolean isValid(String id) {
    return VALID.matcher(id).matches();
  }

  /** A time-ordered id: newer jobs sort after older ones. */
  static String newJobId() {
    long random = ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36);
    String suffix = Long.toString(random, 36);
    return "j-" + Long.toString(System.currentTimeMillis(), 36) + "0000".substring(suffix.length()) + suffix;
  }

  /**
   * The same idempotency key always names the same job; an append's key is kept (journaled) by
   * its job as this digest too: any length of key, a bounded size in memory and journal.
   */
  static String forKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "k-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
