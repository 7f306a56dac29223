package io.tasklane.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskFailedPermanently;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskHarnessTest {

  private final TaskHarness harness = new TaskHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Counts to input.n, reporting progress and logging; echoes what its context says. */
  static final class Counter implements CpuTaskHandler {
    @Override
    public String type() {
      return "count";
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) {
      int n = input.get("n").asInt();
      for (int i = 1; i <= n; i++) {
        context.checkCancelled();
        context.progress((double) i / n, "at " + i);
      }
      context.log().log(System.Logger.Level.INFO, "counted to {0}", n);
      return object().put("n", n).put("job", context.jobId()).put("task", context.taskId())
          .put("attempt", context.attempt()).put("thread", Thread.currentThread().getName());
    }
  }

  @Test
  void runsAComputingHandlerOnAThreadOfItsOwnAndKeepsItsLinesAndProgress() throws Exception {
    JsonNode output = harness.jobId("j-9").taskId("c-1").attempt(2).run(new Counter(), "{\"n\": 4}");

    assertThat(output.get("n").asInt()).isEqualTo(4);
    assertThat(output.get("job").asText()).isEqualTo("j-9");
    assertThat(output.get("task").asText()).isEqualTo("c-1");
    assertThat(output.get("attempt").asInt()).isEqualTo(2);
    assertThat(output.get("thread").asText()).isEqualTo("tasklane-harness-count");
    assertThat(harness.progress()).hasSize(4).last().isEqualTo(new ProgressReport(1.0, "at 4"));
    assertThat(harness.logLines()).containsExactly(new LogLine(System.Logger.Level.INFO, "counted to 4"));
  }

  @Test
  void awaitsAnIoHandlersStageWhichMayUseTheTimers() throws Exception {
    IoTaskHandler later = new IoTaskHandler() {
      @Override
      public String type() {
        return "later";
      }

      @Override
      public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
        long startedAt = System.nanoTime();
        return context.delay(Duration.ofMillis(input.get("ms").asLong()))
            .thenApply(done -> object().put("waitedMs", (System.nanoTime() - startedAt) / 1_000_000));
      }
    };

    assertThat(harness.run(later, "{\"ms\": 100}").get("waitedMs").asLong()).isBetween(100L, 10_000L);
  }

  @Test
  void aPermanentFailureComesOutAsThrown() {
    BlockingTaskHandler refusing = new BlockingTaskHandler() {
      @Override
      public String type() {
        return "refusing";
      }

      @Override
      public JsonNode run(JsonNode input, TaskContext context) {
        throw new TaskFailedPermanently("no such file: " + input.get("path").asText());
      }
    };

    assertThatThrownBy(() -> harness.run(refusing, "{\"path\": \"/nope\"}"))
        .isInstanceOf(TaskFailedPermanently.class).hasMessage("no such file: /nope");
  }

  @Test
  void aStageThatNeverCompletesTimesOutAndIsSignalledCancelled() {
    AtomicReference<TaskContext> seen = new AtomicReference<>();
    IoTaskHandler never = new IoTaskHandler() {
      @Override
      public String type() {
        return "never";
      }

      @Override
      public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
        seen.set(context);
        return new CompletableFuture<>();
      }
    };
    Instant before = Instant.now();

    assertThatThrownBy(() -> harness.timeout(Duration.ofMillis(200)).run(never, "{}"))
        .isInstanceOf(TaskTimedOut.class).hasMessage("never: timed out after 200ms");
    assertThat(seen.get().whenCancelled().toCompletableFuture()).isCompleted();
    assertThat(seen.get().deadline()).hasValueSatisfying(deadline ->
        assertThat(deadline).isBetween(before.plusMillis(200), Instant.now()));
  }

  @Test
  void aHandlerThatIgnoresBeingStoppedIsNamedSo() {
    CpuTaskHandler stubborn = new CpuTaskHandler() {
      @Override
      public String type() {
        return "stubborn";
      }

      @Override
      public JsonNode compute(JsonNode input, TaskContext context) {
        while (!input.has("never")) {
          Thread.onSpinWait(); // neither checks cancellation nor sleeps
        }
        return input;
      }
    };

    assertThatThrownBy(() -> harness.timeout(Duration.ofMillis(100)).stopGrace(Duration.ofMillis(100)).run(stubborn, "{}"))
        .isInstanceOf(TaskTimedOut.class).hasMessageContaining("did not stop when cancelled");
  }

  @Test
  void cancellingInterruptsABlockingHandler() {
    AtomicBoolean interrupted = new AtomicBoolean();
    BlockingTaskHandler sleeper = new BlockingTaskHandler() {
      @Override
      public String type() {
        return "sleeper";
      }

      @Override
      public JsonNode run(JsonNode input, TaskContext context) throws InterruptedException {
        try {
          Thread.sleep(3_600_000);
          return input;
        } catch (InterruptedException e) {
          interrupted.set(true);
          throw e;
        }
      }
    };

    assertThatThrownBy(() -> harness.cancelAfter(Duration.ofMillis(50)).run(sleeper, "{}"))
        .isInstanceOf(TaskCancelledException.class);
    assertThat(interrupted).isTrue();
  }

  @Test
  void anOutputOverTheLimitFailsAsOnAWorker() {
    CpuTaskHandler big = new CpuTaskHandler() {
      @Override
      public String type() {
        return "big";
      }

      @Override
      public JsonNode compute(JsonNode input, TaskContext context) {
        return object().put("text", "x".repeat((int) context.maxOutputBytes()));
      }
    };

    assertThatThrownBy(() -> harness.maxOutputBytes(100).run(big, "{}"))
        .isInstanceOf(TaskFailedPermanently.class)
        .hasMessage("output of 111 bytes is over the limit of 100 bytes (tasklane.worker.max-output-bytes)");
  }

  @Test
  void inputThatIsNotJsonIsNamedSo() {
    assertThatThrownBy(() -> harness.run(new Counter(), "{n: 4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("input is not JSON");
  }
}
