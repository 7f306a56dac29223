package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One attempt in progress. {@link #done()} completes with the handler's output or failure; it
 * is completed from other threads, so the lane reads it only through {@code pipeToSelf}.
 */
public final class RunningAttempt {

  private final AttemptContext context;
  private final boolean holdsThread;
  private final CompletableFuture<JsonNode> done = new CompletableFuture<>();
  /** {@code done} as the lane sees it: completed on the relay thread when there is one. */
  private final CompletableFuture<JsonNode> reported;
  private final Object lock = new Object();
  private volatile String thread;
  private volatile CompletionStage<JsonNode> stage;
  private Thread runner; // guarded by lock: the thread computing right now, null otherwise

  private RunningAttempt(AttemptContext context, boolean holdsThread) {
    this(context, holdsThread, null);
  }

  private RunningAttempt(AttemptContext context, boolean holdsThread, Executor relay) {
    this.context = context;
    this.holdsThread = holdsThread;
    this.reported = relay == null ? done : done.whenCompleteAsync((output, failure) -> { }, relay);
  }

  /** Calls {@code start} on the calling thread (it must not block). */
  public static RunningAttempt start(IoTaskHandler handler, JsonNode input, AttemptContext context) {
    RunningAttempt attempt = new RunningAttempt(context, false);
    attempt.callStart(handler, input);
    return attempt;
  }

  /** Calls {@code start} on {@code executor}; the attempt lasts until its stage completes. */
  public static RunningAttempt startOn(
      IoTaskHandler handler, JsonNode input, AttemptContext context, Executor executor) {
    RunningAttempt attempt = new RunningAttempt(context, false);
    attempt.submit(executor, () -> attempt.callStart(handler, input));
    return attempt;
  }

  /**
   * Runs {@code compute} on a thread of {@code executor}. With {@code holdsThread} a stopped
   * attempt still counts until the thread lets go of it (the CPU lane's runner stays taken),
   * or until the lane abandons the thread ({@code cpu.abandon-after}).
   */
  public static RunningAttempt compute(
      CpuTaskHandler handler, JsonNode input, AttemptContext context, Executor executor, boolean holdsThread) {
    return compute(handler, input, context, executor, holdsThread, null);
  }

  /**
   * As {@link #compute(CpuTaskHandler, JsonNode, AttemptContext, Executor, boolean)}; the lane
   * hears of the result on {@code relay}'s thread, not on the computing thread.
   */
  public static RunningAttempt compute(
      CpuTaskHandler handler, JsonNode input, AttemptContext context, Executor executor, boolean holdsThread,
      Executor relay) {
    return call(handler::compute, input, context, executor, holdsThread, relay);
  }

  /** Runs a blocking handler on a thread of {@code executor} (virtual threads in the I/O lane). */
  public static RunningAttempt block(
      BlockingTaskHandler handler, JsonNode input, AttemptContext context, Executor executor, boolean holdsThread,
      Executor relay) {
    return call(handler::run, input, context, executor, holdsThread, relay);
  }

  /** A handler's function: {@code compute} or {@code run}. */
  @FunctionalInterface
  private interface Function {
    JsonNode apply(JsonNode input, AttemptContext context) throws Exception;
  }

  private static RunningAttempt call(
      Function function, JsonNode input, AttemptContext context, Executor executor, boolean holdsThread,
      Executor relay) {
    RunningAttempt attempt = new RunningAttempt(context, holdsThread, relay);
    attempt.submit(executor, () -> attempt.runCompute(function, input));
    return attempt;
  }

  public CompletableFuture<JsonNode> done() {
    return reported;
  }

  /** The thread that ran (or is running) the attempt; null before it started. */
  public String thread() {
    return thread;
  }

  /** True when a stopped attempt keeps its slot until {@link #done()} completes. */
  public boolean holdsThread() {
    return holdsThread;
  }

  /** Sets the cancelled flag, cancels the handler's stage and interrupts a computing thread. */
  public void cancel() {
    context.cancel();
    CompletionStage<JsonNode> current = stage;
    if (current != null) {
      try {
        current.toCompletableFuture().cancel(true);
      } catch (UnsupportedOperationException e) {
        // a stage that cannot be cancelled: the flag is all we can do
      }
    }
    synchronized (lock) {
      if (runner != null) {
        runner.interrupt();
      }
    }
    if (!holdsThread) {
      done.cancel(false);
    }
  }

  private void callStart(IoTaskHandler handler, JsonNode input) {
    thread = Thread.currentThread().getName();
    try {
      CompletionStage<JsonNode> started = handler.start(input, context);
      if (started == null) {
        done.completeExceptionally(new IllegalStateException(handler.type() + ": start returned null"));
        return;
      }
      stage = started;
      started.whenComplete((output, failure) -> {
        if (failure != null) {
          done.completeExceptionally(failure);
        } else {
          done.complete(output);
        }
      });
      if (context.isCancelled()) {
        cancel();
      }
    } catch (Throwable e) {
      done.completeExceptionally(e);
      rethrowFatal(e);
    }
  }

  private void runCompute(Function function, JsonNode input) {
    thread = Thread.currentThread().getName();
    synchronized (lock) {
      runner = Thread.currentThread();
    }
    try {
      context.checkCancelled();
      done.complete(function.apply(input, context));
    } catch (Throwable e) {
      done.completeExceptionally(e);
      rethrowFatal(e);
    } finally {
      synchronized (lock) {
        runner = null;
      }
      Thread.interrupted(); // the pool thread goes back clean
    }
  }

  private static void rethrowFatal(Throwable e) {
    if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
      throw fatal;
    }
  }

  private void submit(Executor executor, Runnable work) {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e);
    }
  }
}
