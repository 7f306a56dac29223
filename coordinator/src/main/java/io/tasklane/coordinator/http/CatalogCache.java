package io.tasklane.coordinator.http;

import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The task types the workers offer, as the broker last said: a posted job is checked against
 * an answer of less than {@code maxAge} ago (one that knew some types), and a refused one is
 * checked again on a fresh answer (a worker with new types may have joined since).
 */
final class CatalogCache {

  /** The broker's catalog as last asked for, and when ({@code nanoTime}). */
  private record Seen(Catalog catalog, long at) {}

  private final Supplier<CompletionStage<Catalog>> ask;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  // written from ask callbacks of concurrent requests: the last answer wins, any is good
  private volatile Seen last;

  CatalogCache(Supplier<CompletionStage<Catalog>> ask, Duration maxAge, LongSupplier nanoTime) {
    this.ask = ask;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A recent answer if there is one, else the broker's. */
  CompletionStage<Catalog> recent() {
    Seen seen = last;
    if (seen != null && nanoTime.getAsLong() - seen.at() < maxAgeNanos) {
      return CompletableFuture.completedFuture(seen.catalog());
    }
    return fresh();
  }

  /** The broker's answer now (kept for later if it knew some types). */
  CompletionStage<Catalog> fresh() {
    return ask.get().thenApply(catalog -> {
      if (!catalog.handlers().isEmpty()) {
        last = new Seen(catalog, nanoTime.getAsLong());
      }
      return catalog;
    });
  }
}
