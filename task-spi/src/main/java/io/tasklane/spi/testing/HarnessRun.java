package io.tasklane.spi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.spi.TaskHandler;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One {@link TaskHarness} run: its context, its thread, the handler's stage, its end. */
final class HarnessRun {

  /** A handler's work on the run's thread. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private final HarnessContext context;
  private final Duration timeout;
  private final Duration stopGrace;
  private final CompletableFuture<JsonNode> done = new CompletableFuture<>();
  private volatile Thread thread;
  private volatile CompletionStage<JsonNode> stage;

  HarnessRun(HarnessContext context, Duration timeout, Duration stopGrace) {
    this.context = context;
    this.timeout = timeout;
    this.stopGrace = stopGrace;
  }

  HarnessContext context() {
    return context;
  }

  /** Calls the handler on a thread of the run's own (Java 17: a platform thread). */
  void start(TaskHandler handler, JsonNode input) {
    Work work;
    if (handler instanceof IoTaskHandler io) {
      work = () -> startStage(io, input);
    } else if (handler instanceof CpuTaskHandler cpu) {
      work = () -> done.complete(cpu.compute(input, context));
    } else {
      BlockingTaskHandler blocking = (BlockingTaskHandler) handler;
      work = () -> done.complete(blocking.run(input, context));
    }
    Thread runner = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, "tasklane-harness-" + handler.type());
    runner.setDaemon(true);
    thread = runner;
    runner.start();
  }

  private void startStage(IoTaskHandler handler, JsonNode input) {
    CompletionStage<JsonNode> started = handler.start(input, context);
    if (started == null) {
      throw new IllegalStateException(handler.type() + ": start returned null");
    }
    stage = started;
    started.whenComplete((output, failure) -> {
      if (failure == null) {
        done.complete(output);
      } else {
        done.completeExceptionally(failure);
      }
    });
    if (context.isCancelled()) {
      stop();
    }
  }

  /** Flags the context and signals it, cancels the stage, interrupts the thread: as a worker does. */
  void stop() {
    context.cancel();
    CompletionStage<JsonNode> started = stage;
    if (started != null) {
      try {
        started.toCompletableFuture().cancel(true);
      } catch (UnsupportedOperationException e) {
        // a stage that cannot be cancelled: the flag and the signal are all there is
      }
    }
    Thread running = thread;
    if (running != null && running.isAlive()) {
      running.interrupt();
    }
  }

  /** The output; what the worker would report otherwise is thrown (see {@link TaskHarness}). */
  JsonNode await(String type) throws Exception {
    try {
      JsonNode output = done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (context.isCancelled()) {
        throw new TaskCancelledException(); // it ended, but was stopped first: the worker reports cancelled
      }
      return output;
    } catch (TimeoutException e) {
      stop();
      throw new TaskTimedOut(type, timeout, endsWithinGrace());
    } catch (ExecutionException | CancellationException e) {
      if (context.isCancelled()) {
        throw new TaskCancelledException();
      }
      throw unwrap(e);
    }
  }

  private boolean endsWithinGrace() throws InterruptedException {
    try {
      done.get(stopGrace.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException | CancellationException e) {
      return true;
    }
  }

  /** The handler's own exception, without the wrappers futures put around it. */
  private static Exception unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return (Exception) cause;
  }
}
