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
 * @param foreach null, or the items this template makes one task each of (ids as with repeat)
 * @param line the line in the job file where the entry starts (0 if unknown), for errors
 * @param auto the lane is the workers' choice ({@code lane: auto}, from the task or its handler):
 *     {@code lane} is then only where its tasks are counted until they are sent; each task runs in
 *     the lane its worker chose for the type when it was sent
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
    Foreach foreach,
    int line,
    boolean auto) {

  /** The placeholder replaced by the copy's index in every string of {@code input}. */
  public static final String INDEX_PLACEHOLDER = "${i}";

  /** With {@code foreach}: replaced by the item (a file's line, or the range's value). */
  public static final String LINE_PLACEHOLDER = "${line}";

  public TaskTemplate {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(input, "input");
  }

  /** A template whose lane is fixed (not {@code auto}). */
  public TaskTemplate(
      String id, String type, Lane lane, JsonNode input, long timeoutMs, int retries, String key,
      Integer repeat, Foreach foreach, int line) {
    this(id, type, lane, input, timeoutMs, retries, key, repeat, foreach, line, false);
  }

  /** A template without {@code foreach}. */
  public TaskTemplate(
      String id, String type, Lane lane, JsonNode input, long timeoutMs, int retries, String key,
      Integer repeat, int line) {
    this(id, type, lane, input, timeoutMs, retries, key, repeat, null, line, false);
  }

  /** How many tasks this template stands for. */
  public int count() {
    if (foreach != null) {
      return Math.toIntExact(foreach.count());
    }
    return repeat == null ? 1 : repeat;
  }

  /** True when the template stands for numbered copies ({@code id-0}, {@code id-1}, …). */
  public boolean numbered() {
    return repeat != null || foreach != null;
  }

  public TaskTemplate withLane(Lane resolved) {
    return new TaskTemplate(id, type, resolved, input, timeoutMs, retries, key, repeat, foreach, line, auto);
  }

  /** The same template, its lane the workers' choice, counted in {@code counted} until sent. */
  public TaskTemplate asAuto(Lane counted) {
    return new TaskTemplate(id, type, counted, input, timeoutMs, retries, key, repeat, foreach, line, true);
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
    return materialize(index, copy, placeholder, Objects.requireNonNull(lane, "lane not resolved"));
  }

  /** As {@link #materialize(int, int, boolean)}, sent to {@code sentTo} (an auto task's lane). */
  public TaskSpec materialize(int index, int copy, boolean placeholder, Lane sentTo) {
    String taskId;
    if (id == null) {
      taskId = Integer.toString(index);
    } else if (!numbered()) {
      taskId = id;
    } else {
      taskId = id + "-" + copy;
    }
    JsonNode taskInput = input;
    if (placeholder) {
      String indexValue = foreach != null ? foreach.indexValue(copy) : Integer.toString(copy);
      String item = foreach != null ? foreach.lineValue(copy) : null;
      taskInput = substitute(input, indexValue, item);
    }
    return new TaskSpec(index, taskId, type, sentTo, taskInput, timeoutMs, retries, key);
  }

  private static boolean containsPlaceholder(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      return text.contains(INDEX_PLACEHOLDER) || text.contains(LINE_PLACEHOLDER);
    }
    for (JsonNode child : node) {
      if (containsPlaceholder(child)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode substitute(JsonNode node, String index, String item) {
    if (node.isTextual()) {
      String text = node.textValue().replace(INDEX_PLACEHOLDER, index);
      if (item != null) {
        text = text.replace(LINE_PLACEHOLDER, item);
      }
      return TextNode.valueOf(text);
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), substitute(field.getValue(), index, item));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      for (JsonNode child : node) {
        copy.add(substitute(child, index, item));
      }
      return copy;
    }
    return node;
  }
}
