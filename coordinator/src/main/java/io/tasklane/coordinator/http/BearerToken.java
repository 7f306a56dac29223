package io.tasklane.coordinator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API's token, checked against a request's {@code Authorization} header in constant time
 * ({@link MessageDigest#isEqual} over the bytes: its time depends on the lengths only, never on how
 * many leading characters match), so response times do not leak the token a character at a time.
 * An empty token admits nobody: a coordinator without one serves no API.
 */
final class BearerToken {

  private final byte[] expected;
  private final boolean set;

  BearerToken(String token) {
    this.set = !token.isEmpty();
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the header's value is exactly {@code Bearer <token>}. */
  boolean admits(String authorization) {
    return set && authorization != null
        && MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expected);
  }
}
