package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/**
 * {@code test.stubborn}, input {@code {ms}}: a CPU task that ignores cancellation and interrupts
 * and holds its thread for {@code ms} milliseconds (sleeping, so it does not burn a core).
 */
public final class StubbornHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "test.stubborn";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    long end = System.nanoTime() + input.path("ms").asLong(30_000) * 1_000_000L;
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000L));
      } catch (InterruptedException ignored) {
        // stubborn: goes on holding the thread
      }
    }
    return JsonNodeFactory.instance.objectNode().put("stubborn", true);
  }
}
