package io.tasklane.coordinator.plugin.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A handler whose constructor throws, for JarCheckTest. */
public final class ThrowingHandler implements CpuTaskHandler {

  public ThrowingHandler() {
    throw new IllegalStateException("boom in the constructor");
  }

  @Override
  public String type() {
    return "sample.throwing";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
