package io.tasklane.it.uploaded;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A broken plugin for PluginsIT: its constructor throws. */
public final class ThrowingHandler implements CpuTaskHandler {

  public ThrowingHandler() {
    throw new IllegalStateException("no licence key configured");
  }

  @Override
  public String type() {
    return "it.throwing";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
