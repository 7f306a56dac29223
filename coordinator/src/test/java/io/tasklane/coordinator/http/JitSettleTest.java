package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class JitSettleTest {

  private static final Duration TICK = Duration.ofMillis(20);

  @Test
  void theCompilersCountAsIdleBelowATenthOfAnInterval() {
    assertThat(JitSettle.settled(0, JitSettle.INTERVAL)).isTrue();
    assertThat(JitSettle.settled(50, JitSettle.INTERVAL)).isTrue();
    assertThat(JitSettle.settled(51, JitSettle.INTERVAL)).isFalse();
    assertThat(JitSettle.settled(400, JitSettle.INTERVAL)).isFalse();
  }

  @Test
  void itEndsAtTheFirstIntervalInWhichTheCompilersGrewLittleHoweverMuchTheyCompiledBefore() throws Exception {
    // totals read at the start and then every tick: busy for three intervals, then 1 ms in one
    Readings totals = new Readings(1_000, 1_015, 1_030, 1_045, 1_046, 1_060);

    double waited = JitSettle.await(totals, TICK, Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(totals.read()).as("readings taken: the start and four intervals").isEqualTo(5);
    assertThat(waited).isGreaterThanOrEqualTo(4 * TICK.toMillis() / 1e3).isLessThan(5.0);
  }

  @Test
  void whileTheCompilersStayBusyItEndsByTheMaximum() throws Exception {
    LongSupplier busy = new LongSupplier() {
      private long total;

      @Override
      public long getAsLong() {
        return total += 10; // half of every 20 ms interval
      }
    };

    double waited = JitSettle.await(busy, TICK, Duration.ofMillis(300)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(waited).isBetween(0.3, 0.3 + 2.0);
  }

  @Test
  void noWaitWhenTheMaximumIsZero() throws Exception {
    assertThat(JitSettle.await(Duration.ZERO).toCompletableFuture().get(1, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void thisJvmsCompilersAreAskedAndTheWaitEndsByTheMaximum() throws Exception {
    double waited = JitSettle.await(Duration.ofMillis(1200)).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(waited).isBetween(0.45, 1.2 + 0.5 + 1.0);
  }

  /** A fixed series of totals, the last repeated; counts the readings. */
  private static final class Readings implements LongSupplier {
    private final long[] values;
    private final AtomicInteger read = new AtomicInteger();

    Readings(long... values) {
      this.values = values;
    }

    @Override
    public long getAsLong() {
      return values[Math.min(read.getAndIncrement(), values.length - 1)];
    }

    int read() {
      return read.get();
    }
  }
}
