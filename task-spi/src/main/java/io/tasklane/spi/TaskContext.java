package io.tasklane.spi;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What the worker gives a handler for one attempt of one task. */
public interface TaskContext {

  /** The task's user-visible id. */
  String taskId();

  /** The job the task belongs to; empty where there is none (a test harness may leave it). */
  default String jobId() {
    return "";
  }

  /** 1 for the first attempt. */
  int attempt();

  /** When this attempt times out (the task's {@code timeout}); empty when it has none. */
  default Optional<Instant> deadline() {
    return Optional.empty();
  }

  /** Completes after {@code delay} from a scheduler: no thread waits meanwhile. */
  CompletionStage<Void> delay(Duration delay);

  /** True once the attempt was cancelled or timed out. */
  boolean isCancelled();

  /**
   * Completes once the attempt is cancelled or times out: the signal for asynchronous handlers
   * to close what they opened. Never completes for an attempt that ends by itself.
   */
  default CompletionStage<Void> whenCancelled() {
    return new CompletableFuture<>();
  }

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

  /** A logger named after the task's type; its lines carry the job and task ids. */
  default System.Logger log() {
    return System.getLogger("tasklane.task");
  }

  /**
   * Reports how far the attempt got: {@code fraction} from 0 to 1, and a short note (may be
   * empty). Cheap to call often: the worker keeps the last report and writes one to its log at
   * most every {@code tasklane.worker.progress.log-every}.
   */
  default void progress(double fraction, String note) {}

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
