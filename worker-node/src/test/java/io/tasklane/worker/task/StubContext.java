package io.tasklane.worker.task;

import io.tasklane.spi.TaskContext;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A context for calling handlers without an actor system. */
final class StubContext implements TaskContext {

  private final HttpClient httpClient;
  volatile boolean cancelled;
  volatile long maxOutputBytes = 1 << 20;

  StubContext(HttpClient httpClient) {
    this.httpClient = httpClient;
  }

  StubContext() {
    this(null);
  }

  @Override
  public String taskId() {
    return "t";
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public CompletionStage<Void> delay(Duration delay) {
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public HttpClient httpClient() {
    return httpClient;
  }

  @Override
  public long maxOutputBytes() {
    return maxOutputBytes;
  }
}
