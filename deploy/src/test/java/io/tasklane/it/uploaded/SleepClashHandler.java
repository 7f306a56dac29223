package io.tasklane.it.uploaded;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/** A broken plugin for PluginsIT: its type is a built-in's. */
public final class SleepClashHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "sleep";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) {
    return input;
  }
}
