package io.tasklane.it.uploaded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.TaskContext;

/**
 * {@code it.reverse}, input {@code {text, ms}}: returns {@code {reversed, loader}} after holding
 * its CPU-lane runner {@code ms} milliseconds (so a job's tasks spread over the workers). Added
 * with {@code tasklane plugins add} in PluginsIT; {@code loader} names the class loader it ran in.
 */
public final class ReverseHandler implements CpuTaskHandler {

  @Override
  public String type() {
    return "it.reverse";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws Exception {
    Thread.sleep(input.path("ms").asLong(0));
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("reversed", new StringBuilder(input.path("text").asText()).reverse().toString());
    output.put("loader", String.valueOf(getClass().getClassLoader().getName()));
    return output;
  }
}
