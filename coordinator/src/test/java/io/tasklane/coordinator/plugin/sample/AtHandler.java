package io.tasklane.coordinator.plugin.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A handler whose type has an '@' (which pins versions), for JarCheckTest. */
public final class AtHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "sample@1";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
