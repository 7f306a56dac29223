package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a job's {@code tasks} (docs/job-files.md): a type and its input, and optionally
 * an id, a lane, a key, a timeout, retries, and {@code repeat} or {@code foreach} to make many
 * tasks of one entry. Immutable: each method returns a changed copy, so one task can be the
 * start of many. The coordinator checks the whole job; this class refuses only what could
 * never be right (a blank type, a negative count).
 *
 * <pre>{@code
 * Task.of("sleep", Map.of("ms", 200)).id("nap").timeout(Duration.ofSeconds(5)).retries(2)
 * Task.of("noop").id("many").repeat(1_000_000).input(Map.of("v", "${i}"))
 * Task.of("http.get").foreach(urls).input(Map.of("url", "${line}"))
 * }</pre>
 */
public final class Task {

  private final String type;
  private final JsonNode input;
  private final String id;
  private final Lane lane;
  private final String key;
  private final Duration timeout;
  private final Integer retries;
  private final Integer repeat;
  private final long[] range;
  private final List<String> lines;

  private Task(String type, JsonNode input, String id, Lane lane, String key, Duration timeout, Integer retries,
      Integer repeat, long[] range, List<String> lines) {
    this.type = type;
    this.input = input;
    this.id = id;
    this.lane = lane;
    this.key = key;
    this.timeout = timeout;
    this.retries = retries;
    this.repeat = repeat;
    this.range = range;
    this.lines = lines;
  }

  /** A task of {@code type} (a built-in such as {@code sleep}, or a plugin's) with no input. */
  public static Task of(String type) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a task needs a type, e.g. \"sleep\"");
    }
    return new Task(type, null, null, null, null, null, null, null, null, null);
  }

  /** A task of {@code type} with {@code input}: a record, a map, a {@link JsonNode}, anything Jackson writes. */
  public static Task of(String type, Object input) {
    return of(type).input(input);
  }

  /** The handler's input; in its strings {@code ${i}} (and {@code ${line}} for foreach) is the copy's. */
  public Task input(Object value) {
    return new Task(type, Json.MAPPER.valueToTree(value), id, lane, key, timeout, retries, repeat, range, lines);
  }

  /** Its id, unique in the job (copies get {@code -0}, {@code -1}, …); default its position. */
  public Task id(String taskId) {
    return new Task(type, input, Objects.requireNonNull(taskId, "id"), lane, key, timeout, retries, repeat, range,
        lines);
  }

  /** Overrides the lane the type's handler declares. */
  public Task lane(Lane chosen) {
    return new Task(type, input, id, Objects.requireNonNull(chosen, "lane"), key, timeout, retries, repeat, range,
        lines);
  }

  /** Tasks with one key prefer the worker that ran the key before. */
  public Task key(String affinity) {
    return new Task(type, input, id, lane, Objects.requireNonNull(affinity, "key"), timeout, retries, repeat, range,
        lines);
  }

  /** How long one attempt may take; at least a millisecond. */
  public Task timeout(Duration perAttempt) {
    return new Task(type, input, id, lane, key, positive(perAttempt, "timeout"), retries, repeat, range, lines);
  }

  /** Attempts after the first, for a failure or a timeout. */
  public Task retries(int afterTheFirst) {
    return new Task(type, input, id, lane, key, timeout, atLeast(afterTheFirst, 0, "retries"), repeat, range, lines);
  }

  /** {@code copies} tasks of this one; {@code ${i}} in the input's strings is the copy's index. */
  public Task repeat(int copies) {
    return new Task(type, input, id, lane, key, timeout, retries, atLeast(copies, 1, "repeat"), null, null);
  }

  /** One task per integer of {@code [from, to)}; {@code ${i}} in the input's strings is the value. */
  public Task foreach(long from, long to) {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("foreach needs 0 <= from < to, not [" + from + ", " + to + ")");
    }
    return new Task(type, input, id, lane, key, timeout, retries, null, new long[] {from, to}, null);
  }

  /**
   * One task per item; {@code ${line}} in the input's strings is the item, {@code ${i}} its index.
   * The items travel with the job as a file; each must be one non-empty line.
   */
  public Task foreach(List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      if (item == null || item.isBlank() || item.indexOf('\n') >= 0 || item.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("foreach item " + i + " must be one non-empty line, not "
            + (item == null ? "null" : "'" + item + "'"));
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("foreach needs at least one item");
    }
    return new Task(type, input, id, lane, key, timeout, retries, null, null, List.copyOf(items));
  }

  /** This task as a job file's entry; a foreach over items adds its file to {@code attachments}. */
  ObjectNode toJson(Map<String, String> attachments) {
    ObjectNode task = Json.MAPPER.createObjectNode();
    if (id != null) {
      task.put("id", id);
    }
    task.put("type", type);
    if (lane != null) {
      task.put("lane", lane.wireName());
    }
    if (key != null) {
      task.put("key", key);
    }
    if (timeout != null) {
      task.put("timeout", timeout.toMillis() + "ms");
    }
    if (retries != null) {
      task.put("retries", retries);
    }
    if (repeat != null) {
      task.put("repeat", repeat);
    }
    if (range != null) {
      ArrayNode bounds = task.putObject("foreach").putArray("range");
      bounds.add(range[0]).add(range[1]);
    }
    if (lines != null) {
      String file = "foreach-" + (attachments.size() + 1) + ".txt";
      attachments.put(file, String.join("\n", lines) + "\n");
      task.putObject("foreach").put("file", file);
    }
    if (input != null) {
      task.set("input", input);
    }
    return task;
  }

  static Duration positive(Duration duration, String what) {
    if (duration == null || duration.toMillis() < 1) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, not " + duration);
    }
    return duration;
  }

  static int atLeast(int value, int min, String what) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
    }
    return value;
  }
}
