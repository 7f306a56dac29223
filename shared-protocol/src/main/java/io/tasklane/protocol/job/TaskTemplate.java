package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskSpec;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a job file's {@code tasks}, with the job's defaults already applied.
 *
 * @param id the user's id, or null for "the task's position"
 * @param lane the lane, null until resolved from the handler (a task may set it itself)
 * @param timeoutMs per attempt, 0 = none
 * @param retries attempts after the first
 * @param key affinity key or null
 * @param repeat null for one task, else the number of copies ({@code id-0 … id-(n-1)})
 * @param line the line in the job file where the entry starts (0 if unknown), for errors
 */
public record TaskTemplate(
    String id,
    String type,
    Lane lane,
    JsonNode input,
    long timeoutMs,
    int retries,
    String key,
    Integer repeat,
    int line) {

  /** The placeholder replaced by the copy's index in every string of {@code input}. */
  public static final String INDEX_PLACEHOLDER = "${i}";

  public TaskTemplate {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(input, "input");
  }

  /** How many tasks this template stands for. */
  public int count() {
    return repeat == null ? 1 : repeat;
  }

  public TaskTemplate withLane(Lane resolved) {
    return new TaskTemplate(id, type, resolved, input, timeoutMs, retries, key, repeat, line);
  }

  /** True when {@code input} contains the index placeholder somewhere. */
  public boolean hasPlaceholder() {
    return containsPlaceholder(input);
  }

  /**
   * The task for copy {@code copy} of this template, at position {@code index} of its job.
   * {@code placeholder} is {@link #hasPlaceholder()}, passed in so callers compute it once.
   */
  public TaskSpec materialize(int index, int copy, boolean placeholder) {
    String taskId;
    if (id == null) {
      taskId = Integer.toString(index);
    } else if (repeat == null) {
      taskId = id;
    } else {
      taskId = id + "-" + copy;
    }
    JsonNode taskInput = placeholder ? substitute(input, Integer.toString(copy)) : input;
    return new TaskSpec(index, taskId, type, Objects.requireNonNull(lane, "lane not resolved"),
        taskInput, timeoutMs, retries, key);
  }

  private static boolean containsPlaceholder(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().contains(INDEX_PLACEHOLDER);
    }
    for (JsonNode child : node) {
      if (containsPlaceholder(child)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode substitute(JsonNode node, String value) {
    if (node.isTextual()) {
      return TextNode.valueOf(node.textValue().replace(INDEX_PLACEHOLDER, value));
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), substitute(field.getValue(), value));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      for (JsonNode child : node) {
        copy.add(substitute(child, value));
      }
      return copy;
    }
    return node;
  }
}
