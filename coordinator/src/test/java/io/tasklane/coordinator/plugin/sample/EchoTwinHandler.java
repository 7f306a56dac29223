package io.tasklane.coordinator.plugin.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A second handler with {@link EchoHandler}'s type, for JarCheckTest. */
public final class EchoTwinHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "sample.echo";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
