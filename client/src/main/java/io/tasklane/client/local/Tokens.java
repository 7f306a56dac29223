package io.tasklane.client.local;

import java.security.SecureRandom;
import java.util.Base64;

/** API tokens: 32 random bytes, URL-safe base64 without padding. */
final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {
  }

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
