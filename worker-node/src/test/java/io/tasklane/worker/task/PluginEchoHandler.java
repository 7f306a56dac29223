package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A handler published only through a plugin jar the registry test writes. */
public final class PluginEchoHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "plugin-echo";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
