package io.tasklane.worker.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A removed version closes only once its last attempt ended, and exactly once. */
class CountedHandlersTest {

  private final AtomicInteger closed = new AtomicInteger();
  private final InUse inUse = new InUse(closed::incrementAndGet);

  @Test
  void closesAtOnceWhenNothingRuns() {
    inUse.retire();
    inUse.retire();

    assertThat(closed).hasValue(1);
  }

  @Test
  void anIoAttemptKeepsTheVersionOpenUntilItsStageCompletes() {
    CompletableFuture<JsonNode> pending = new CompletableFuture<>();
    TaskHandler counted = CountedHandlers.wrap(new IoTaskHandler() {
      @Override
      public String type() {
        return "wait";
      }

      @Override
      public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
        return pending;
      }
    }, inUse);

    CompletionStage<JsonNode> stage = ((IoTaskHandler) counted).start(TextNode.valueOf("x"), null);
    inUse.retire();

    assertThat(stage).as("the plugin's own stage, so cancelling reaches it").isSameAs(pending);
    assertThat(closed).hasValue(0);
    pending.cancel(true);
    assertThat(closed).hasValue(1);
  }

  @Test
  void aCpuAttemptThatThrowsStillReleases() {
    TaskHandler counted = CountedHandlers.wrap(new CpuTaskHandler() {
      @Override
      public String type() {
        return "boom";
      }

      @Override
      public JsonNode compute(JsonNode input, TaskContext context) {
        assertThat(inUse.running()).isEqualTo(1);
        throw new IllegalStateException("boom");
      }
    }, inUse);

    assertThatThrownBy(() -> ((CpuTaskHandler) counted).compute(TextNode.valueOf("x"), null)).hasMessage("boom");
    assertThat(inUse.running()).isZero();
    inUse.retire();
    assertThat(closed).hasValue(1);
  }

  @Test
  void theWrapperAnswersAsThePluginsHandler() {
    TaskHandler counted = CountedHandlers.wrap(new CpuTaskHandler() {
      @Override
      public String type() {
        return "auto.type";
      }

      @Override
      public LaneChoice lane() {
        return LaneChoice.AUTO;
      }

      @Override
      public String description() {
        return "measured";
      }

      @Override
      public JsonNode compute(JsonNode input, TaskContext context) {
        return input;
      }
    }, inUse);

    assertThat(counted.type()).isEqualTo("auto.type");
    assertThat(counted.lane()).isEqualTo(LaneChoice.AUTO);
    assertThat(counted.description()).isEqualTo("measured");
    assertThat(counted).isInstanceOf(CpuTaskHandler.class);
  }
}
