package io.tasklane.protocol.task;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** What the worker gives a handler for one attempt of one task. */
public interface TaskContext {

  /** The task's user-visible id. */
  String taskId();

  /** 1 for the first attempt. */
  int attempt();

  /** Completes after {@code delay} from a scheduler: no thread waits meanwhile. */
  CompletionStage<Void> delay(Duration delay);

  /** True once the attempt was cancelled or timed out. */
  boolean isCancelled();

  /**
   * For computing handlers: call regularly; throws {@link TaskCancelledException} once the
   * attempt was cancelled or timed out (or the thread interrupted), so the lane gets its
   * thread back.
   */
  default void checkCancelled() {
    if (isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException();
    }
  }

  /** The node's shared, asynchronous HTTP client. */
  HttpClient httpClient();

  /**
   * The largest output, as compact JSON in bytes, the worker accepts from this attempt
   * ({@code tasklane.worker.max-output-bytes}); a bigger one fails the task without a retry.
   * A handler whose output can grow may check it to fail with a reason of its own.
   */
  default long maxOutputBytes() {
    return Long.MAX_VALUE;
  }
}
