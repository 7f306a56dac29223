package io.tasklane.coordinator.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dashboard logins: a browser that posted the API token gets an HttpOnly cookie instead of
 * keeping the token in script reach or in a URL (an {@code EventSource} cannot send an
 * {@code Authorization} header, a cookie it sends by itself). The cookie is
 * {@code <expiry>.<HMAC-SHA256 of it, keyed by the token>}: nothing is stored, every coordinator
 * with the same token accepts it (also after a restart), and a new token ends every login.
 */
public final class Sessions {

  /** The cookie's name. */
  public static final String COOKIE = "tasklane_session";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PURPOSE = "tasklane-dashboard-session|";

  private final byte[] token;
  private final Duration ttl;

  public Sessions(String token, Duration ttl) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.ttl = ttl;
  }

  public Duration ttl() {
    return ttl;
  }

  /** Whether {@code candidate} is the API token (in constant time); never with no token set. */
  public boolean isToken(String candidate) {
    return token.length > 0 && candidate != null
        && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
  }

  /** A new session cookie's value, good until {@code nowMillis} plus the ttl. */
  public String issue(long nowMillis) {
    String expires = Long.toString(nowMillis + ttl.toMillis());
    return expires + '.' + sign(expires);
  }

  /** Whether {@code value} is a cookie this token issued that has not expired at {@code nowMillis}. */
  public boolean isValid(String value, long nowMillis) {
    if (token.length == 0 || value == null) {
      return false;
    }
    int dot = value.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    String expires = value.substring(0, dot);
    long until;
    try {
      until = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return false;
    }
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, sign(expires).getBytes(StandardCharsets.US_ASCII)) && nowMillis < until;
  }

  private String sign(String expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(token.length == 0 ? new byte[1] : token, ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal((PURPOSE + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }
}
