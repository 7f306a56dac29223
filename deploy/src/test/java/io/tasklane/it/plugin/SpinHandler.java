package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** {@code test.spin}: a CPU task that computes forever but checks for cancellation, as it should. */
public final class SpinHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "test.spin";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    long spins = 0;
    while (true) {
      context.checkCancelled();
      spins++;
      if (spins % 1_000_000 == 0) {
        Thread.onSpinWait();
      }
    }
  }
}
