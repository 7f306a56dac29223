package io.tasklane.coordinator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * What marks the warm-up's own job submissions ({@link WarmUpRoutes}, sent over this node's API
 * by {@link WarmUpRequests}) so that {@code POST /api/jobs} takes them unlisted: a random value
 * this node makes as it starts and sends only to itself, in {@link #HEADER}. Any other value (or
 * none) is an ordinary submission; the token is checked first either way.
 */
final class WarmUpMark {

  static final String HEADER = "X-Tasklane-Warm-Up";
  /** Ids of the warm-up's jobs; a job id from a client is j-… or k-… ({@code JobIds}). */
  static final String ID_PREFIX = "warm-up-";

  private final byte[] value;

  WarmUpMark(byte[] value) {
    this.value = value.clone();
  }

  static WarmUpMark random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return new WarmUpMark(HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
  }

  String value() {
    return new String(value, StandardCharsets.US_ASCII);
  }

  /** Whether the request carries this node's mark (compared in constant time). */
  boolean marks(HttpRequest request) {
    Optional<HttpHeader> header = request.getHeader(HEADER);
    return header.isPresent()
        && MessageDigest.isEqual(value, header.get().value().getBytes(StandardCharsets.US_ASCII));
  }
}
