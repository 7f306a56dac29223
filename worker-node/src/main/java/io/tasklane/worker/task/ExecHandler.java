package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.spi.TaskContext;
import io.tasklane.worker.settings.ExecSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code exec}: runs a program ({@link ExecInput}); output {@code {exitCode, stdout, stderr}}
 * with the last {@code exec.max-output-bytes} of each stream as text. A non-zero exit fails the
 * attempt with the exit code and the end of stderr. Only the programs that
 * {@code exec.allow} allows run; others fail saying why.
 *
 * <p>It is both kinds of handler, and each lane picks the kind it prefers: in the CPU lane (the
 * default: one process per runner) {@link #compute} starts the process from the runner thread
 * and waits for it there, so the runner stays taken until the process and its children are
 * gone; in the I/O lane ({@code lane: io}, for programs that mostly wait) {@link #start} returns
 * at once and the attempt completes from {@link Process#onExit()}: no thread waits. A stopped
 * attempt (timeout, cancel) kills the process and its descendants.
 */
public final class ExecHandler implements CpuTaskHandler, IoTaskHandler {

  /** The most characters of stderr's end quoted in a failure's reason. */
  static final int STDERR_IN_ERROR = 2000;

  private final ExecSettings settings;
  private final String worker;

  /** @param worker this node's name, for the reason of a refused task */
  public ExecHandler(ExecSettings settings, String worker) {
    this.settings = settings;
    this.worker = worker;
  }

  @Override
  public String type() {
    return ExecInput.TYPE;
  }

  @Override
  public InputSchema input() {
    return ExecInput.SCHEMA;
  }

  @Override
  public String description() {
    return "runs argv as a process (no shell); returns {exitCode, stdout, stderr}; a non-zero exit fails";
  }

  /** One process per core slot by default; {@code lane: io} for programs that mostly wait. */
  @Override
  public LaneChoice lane() {
    return LaneChoice.CPU;
  }

  /** The CPU lane's way: waits on this (runner) thread, which a stop interrupts. */
  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    ExecInput exec = checked(input);
    context.checkCancelled();
    ExecProcess process = ExecProcess.start(exec, settings);
    try {
      return output(process.exit().get());
    } catch (InterruptedException stopped) {
      awaitGone(process.kill());
      throw new TaskCancelledException();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The I/O lane's way: starts the process on a virtual thread and returns at once. */
  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    ExecInput exec = checked(input);
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    Thread.ofVirtual().name("tasklane-exec-start").start(() -> {
      try {
        ExecProcess process = ExecProcess.start(exec, settings);
        // the lane cancels this stage when the attempt stops (before or after the process started)
        result.whenComplete((output, failure) -> {
          if (result.isCancelled()) {
            process.kill();
          }
        });
        process.exit().thenApply(this::output).whenComplete((output, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure);
          } else {
            result.complete(output);
          }
        });
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** True unless exec is off on this node (then it is not offered at all). */
  public boolean allowsAny() {
    return settings.allow().any();
  }

  /** The input, if exec is allowed here and the input is valid and names an allowed program. */
  private ExecInput checked(JsonNode input) {
    if (!settings.allow().any()) {
      throw new IllegalStateException(
          "exec is not allowed on worker " + worker + ": start it with --allow-exec");
    }
    ExecInput exec = ExecInput.read(input);
    String program = exec.argv().get(0);
    if (!settings.allow().allows(program)) {
      throw new IllegalStateException("program '" + program + "' is not in --allow-exec on worker " + worker
          + " (allowed: " + settings.allow() + ")");
    }
    return exec;
  }

  private JsonNode output(ExecProcess.Exit exit) {
    if (exit.code() != 0) {
      String stderr = exit.stderr().strip();
      if (stderr.length() > STDERR_IN_ERROR) {
        stderr = "..." + stderr.substring(stderr.length() - STDERR_IN_ERROR);
      }
      throw new IllegalStateException("exit code " + exit.code() + (stderr.isEmpty() ? " (stderr empty)" : "; stderr: " + stderr));
    }
    return Inputs.object().put("exitCode", exit.code()).put("stdout", exit.stdout()).put("stderr", exit.stderr());
  }

  /** Keeps the runner until the killed processes are gone (SIGKILL comes after kill-grace). */
  private void awaitGone(CompletableFuture<Void> gone) {
    try {
      gone.get(settings.killGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      // the lane abandons a runner that does not come back (cpu.abandon-after)
    }
  }
}
