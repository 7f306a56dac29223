package io.tasklane.coordinator.http;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Waits, without holding a thread, until this JVM's JIT compilers have (nearly) stopped: the
 * end of a warm-up. A warm-up queues far more compilations than the compiler threads finish
 * while it runs: measured on two cores, the coordinator's C2 thread went on compiling for 5 s
 * after {@code local up} had reported the cluster up, and the first 2,000 one-task requests cost the
 * coordinator 5-6 ms of CPU each instead of 1.5. Settled = the compilers spent at most
 * {@link #BUSY_SHARE} of an {@link #INTERVAL} compiling ({@link CompilationMXBean}'s total time).
 */
final class JitSettle {

  static final Duration INTERVAL = Duration.ofMillis(500);
  static final double BUSY_SHARE = 0.1;

  private JitSettle() {}

  /** Completes with the seconds waited, at most about {@code max} (at once for a zero {@code max} or no JIT to ask). */
  static CompletionStage<Double> await(Duration max) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return CompletableFuture.completedFuture(0.0);
    }
    return await(jit::getTotalCompilationTime, INTERVAL, max);
  }

  /**
   * The same over any source of the compilers' total milliseconds, read every {@code interval}:
   * done at the first interval in which it grew by at most {@link #BUSY_SHARE} of it, or once
   * {@code max} has passed.
   */
  static CompletionStage<Double> await(LongSupplier compiledMillis, Duration interval, Duration max) {
    if (max.isZero()) {
      return CompletableFuture.completedFuture(0.0);
    }
    long started = System.nanoTime();
    return poll(compiledMillis, interval, compiledMillis.getAsLong(), started, started + max.toNanos());
  }

  private static CompletionStage<Double> poll(LongSupplier compiledMillis, Duration interval, long before, long started,
      long deadline) {
    return CompletableFuture.supplyAsync(compiledMillis::getAsLong,
            CompletableFuture.delayedExecutor(interval.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(now -> {
          if (settled(now - before, interval) || System.nanoTime() >= deadline) {
            return CompletableFuture.completedFuture(Math.round((System.nanoTime() - started) / 1e6) / 1e3);
          }
          return poll(compiledMillis, interval, now, started, deadline);
        });
  }

  /** Whether {@code compiledMillis} of compilation in one {@code interval} means the compilers are idle. */
  static boolean settled(long compiledMillis, Duration interval) {
    return compiledMillis <= interval.toMillis() * BUSY_SHARE;
  }
}
