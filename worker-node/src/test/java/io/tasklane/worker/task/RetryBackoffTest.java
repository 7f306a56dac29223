package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void backoffDoublesPerAttemptUpToItsMaximum() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.after(8)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofSeconds(10));
  }
}
