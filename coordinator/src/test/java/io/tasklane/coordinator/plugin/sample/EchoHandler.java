package io.tasklane.coordinator.plugin.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A plugin handler for JarCheckTest: type {@code sample.echo}. */
public final class EchoHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "sample.echo";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
