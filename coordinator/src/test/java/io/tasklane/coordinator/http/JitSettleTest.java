package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JitSettleTest {

  @Test
  void theCompilersCountAsIdleBelowATenthOfAnInterval() {
    assertThat(JitSettle.settled(0)).isTrue();
    assertThat(JitSettle.settled(50)).isTrue();
    assertThat(JitSettle.settled(51)).isFalse();
    assertThat(JitSettle.settled(400)).isFalse();
  }

  @Test
  void noWaitWhenTheMaximumIsZero() throws Exception {
    assertThat(JitSettle.await(Duration.ZERO).toCompletableFuture().get(1, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void theWaitPollsAtLeastOnceAndEndsByTheMaximum() throws Exception {
    double waited = JitSettle.await(Duration.ofMillis(1200)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(waited).isBetween(0.45, 1.2 + 0.5 + 1.0);
  }
}
