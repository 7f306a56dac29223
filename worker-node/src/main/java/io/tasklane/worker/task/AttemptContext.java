package io.tasklane.worker.task;

import io.tasklane.spi.TaskContext;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The context of one attempt: its cancelled flag, timers from the actor system's scheduler. */
public final class AttemptContext implements TaskContext {

  private final String taskId;
  private final int attempt;
  private final TaskServices services;
  private final long maxOutputBytes;
  private volatile boolean cancelled;

  public AttemptContext(String taskId, int attempt, TaskServices services) {
    this(taskId, attempt, services, Long.MAX_VALUE);
  }

  /** @param maxOutputBytes the worker's {@code max-output-bytes}, told to the handler */
  public AttemptContext(String taskId, int attempt, TaskServices services, long maxOutputBytes) {
    this.taskId = taskId;
    this.attempt = attempt;
    this.services = services;
    this.maxOutputBytes = maxOutputBytes;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public CompletionStage<Void> delay(Duration delay) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    java.util.concurrent.ScheduledFuture<?> timer = Timers.after(delay.toNanos(), () -> done.complete(null));
    done.whenComplete((ignored, failure) -> {
      if (done.isCancelled()) {
        timer.cancel(false);
      }
    });
    return done;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  /** Marks the attempt cancelled (timed out or its job cancelled). */
  public void cancel() {
    cancelled = true;
  }

  @Override
  public HttpClient httpClient() {
    return services.httpClient();
  }

  @Override
  public long maxOutputBytes() {
    return maxOutputBytes;
  }
}
