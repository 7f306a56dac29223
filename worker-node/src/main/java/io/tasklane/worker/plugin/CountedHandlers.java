package io.tasklane.worker.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskHandler;
import java.util.concurrent.CompletionStage;

/**
 * A plugin's handlers as the registry holds them: each attempt counted in the version's
 * {@link InUse}, so its class loader closes only after the last attempt of a removed version.
 * Everything else is the plugin's own handler (an I/O handler's stage is returned as it is, so
 * cancelling it reaches the plugin).
 */
final class CountedHandlers {

  private CountedHandlers() {}

  static TaskHandler wrap(TaskHandler handler, InUse use) {
    return switch (handler) {
      case IoTaskHandler io -> new CountedIo(io, use);
      case CpuTaskHandler cpu -> new CountedCpu(cpu, use);
      case BlockingTaskHandler blocking -> new CountedBlocking(blocking, use);
    };
  }

  record CountedIo(IoTaskHandler inner, InUse use) implements IoTaskHandler {

    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      use.acquire();
      CompletionStage<JsonNode> started;
      try {
        started = inner.start(input, context);
      } catch (RuntimeException | Error thrown) {
        use.release();
        throw thrown;
      }
      if (started == null) {
        use.release();
        return null;
      }
      started.whenComplete((output, failure) -> use.release());
      return started;
    }

    @Override
    public String type() {
      return inner.type();
    }

    @Override
    public LaneChoice lane() {
      return inner.lane();
    }

    @Override
    public InputSchema input() {
      return inner.input();
    }

    @Override
    public String description() {
      return inner.description();
    }
  }

  record CountedCpu(CpuTaskHandler inner, InUse use) implements CpuTaskHandler {

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
      use.acquire();
      try {
        return inner.compute(input, context);
      } finally {
        use.release();
      }
    }

    @Override
    public String type() {
      return inner.type();
    }

    @Override
    public LaneChoice lane() {
      return inner.lane();
    }

    @Override
    public InputSchema input() {
      return inner.input();
    }

    @Override
    public String description() {
      return inner.description();
    }
  }

  record CountedBlocking(BlockingTaskHandler inner, InUse use) implements BlockingTaskHandler {

    @Override
    public JsonNode run(JsonNode input, TaskContext context) throws Exception {
      use.acquire();
      try {
        return inner.run(input, context);
      } finally {
        use.release();
      }
    }

    @Override
    public String type() {
      return inner.type();
    }

    @Override
    public LaneChoice lane() {
      return inner.lane();
    }

    @Override
    public InputSchema input() {
      return inner.input();
    }

    @Override
    public String description() {
      return inner.description();
    }
  }
}
