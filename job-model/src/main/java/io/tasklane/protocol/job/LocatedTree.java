package io.tasklane.protocol.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A job file's tree with the line of each value and each key, by path ({@code tasks[2].timeout}),
 * down to the fields of a task; deeper nodes (inside {@code input}) are not located.
 */
record LocatedTree(JsonNode root, Map<String, Integer> valueLines, Map<String, Integer> keyLines) {

  /** The line where the value at {@code path} starts, 0 if unknown. */
  int line(String path) {
    return valueLines.getOrDefault(path, 0);
  }

  /** The line of the key of the field at {@code path} (of its value when it has no key). */
  int keyLine(String path) {
    Integer line = keyLines.get(path);
    return line != null ? line : line(path);
  }

  static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
