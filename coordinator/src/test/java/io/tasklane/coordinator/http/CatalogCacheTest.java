package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {

  private final ArrayDeque<Catalog> answers = new ArrayDeque<>();
  private final AtomicLong asked = new AtomicLong();
  private final AtomicLong now = new AtomicLong();
  private final CatalogCache cache = new CatalogCache(() -> {
    asked.incrementAndGet();
    return CompletableFuture.completedFuture(answers.removeFirst());
  }, Duration.ofSeconds(1), now::get);

  private static Catalog types(String... names) {
    return new Catalog(java.util.Arrays.stream(names).collect(java.util.stream.Collectors.toMap(n -> n, n -> Lane.IO)));
  }

  private Catalog recent() {
    return cache.recent().toCompletableFuture().join();
  }

  @Test
  void aRecentAnswerServesForASecondAndFreshAlwaysAsks() {
    answers.add(types("noop"));
    assertThat(recent().handlers()).containsOnlyKeys("noop");
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(recent().handlers()).containsOnlyKeys("noop");
    assertThat(asked).hasValue(1);

    answers.add(types("noop", "sleep"));
    assertThat(cache.fresh().toCompletableFuture().join().handlers()).containsOnlyKeys("noop", "sleep");
    assertThat(recent().handlers()).as("the fresh answer is kept").containsOnlyKeys("noop", "sleep");
    assertThat(asked).hasValue(2);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    answers.add(types("exec"));
    assertThat(recent().handlers()).as("a second old: asked again").containsOnlyKeys("exec");
  }

  @Test
  void anAnswerWithoutTypesIsNotKept() {
    answers.add(types());
    answers.add(types("noop"));
    assertThat(recent().handlers()).isEmpty();
    assertThat(recent().handlers()).containsOnlyKeys("noop");
    assertThat(asked).hasValue(2);
  }
}
