package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskContext;

/** {@code test.autonap}: declared {@code auto}; a plain function that mostly waits (sleeps {@code ms}). */
public final class AutoNapHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "test.autonap";
  }

  @Override
  public LaneChoice lane() {
    return LaneChoice.AUTO;
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    long ms = input.path("ms").asLong(100);
    Thread.sleep(ms);
    return JsonNodeFactory.instance.objectNode().put("sleptMs", ms);
  }
}
