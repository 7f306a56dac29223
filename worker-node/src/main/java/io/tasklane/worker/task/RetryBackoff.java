package io.tasklane.worker.task;

import java.time.Duration;

/** Wait before the next attempt: base * 2^(attempt - 1), at most max. */
public record RetryBackoff(Duration base, Duration max) {

  /** The wait after attempt {@code failedAttempt} (1 for the first) failed. */
  public Duration after(int failedAttempt) {
    int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
    long millis = base.toMillis();
    long cap = max.toMillis();
    for (int i = 0; i < doublings && millis < cap; i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, cap));
  }
}
