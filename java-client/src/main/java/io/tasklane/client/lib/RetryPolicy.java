package io.tasklane.client.lib;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a call is tried when the failure may pass (a refused or reset connection, 502,
 * 503, 504), and how long to wait in between: doubling from {@code firstBackoff} up to
 * {@code maxBackoff}, each wait drawn between half and all of it so that many clients do not
 * come back at once. A submit is tried again only under the same idempotency key, so a retry
 * never makes a second job.
 *
 * @param maxAttempts attempts in all, at least 1 (1: no retry)
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

  /** 8 attempts, waits from 200 ms doubling to at most 5 s: about 16 s before giving up. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(5));

  /** One attempt: every failure is reported at once. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must be 0 <= firstBackoff <= maxBackoff, not "
          + firstBackoff + " and " + maxBackoff);
    }
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (from 1). */
  public Duration backoff(int attempt) {
    long first = firstBackoff.toMillis();
    long ceiling = first << Math.min(Math.max(0, attempt - 1), 20);
    long full = Math.min(maxBackoff.toMillis(), ceiling);
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
  }
}
