package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One ended task: a line of {@code GET /api/jobs/{id}/results}, its output mapped to the type
 * the caller asked for ({@link JsonNode} when none).
 *
 * @param id the task's id: its {@code id} in the job, with {@code -N} for copies of
 *     {@code repeat}/{@code foreach}, else its position
 * @param output null unless it succeeded
 * @param error why it did not succeed, else null
 * @param attempts attempts made; 0 for a task cancelled before it ran
 * @param worker {@code host:port} of the worker that ran the attempt, null if none
 */
public record TaskResult<T>(String id, String type, Lane lane, TaskStatus status, T output, String error,
    int attempts, String worker) {

  public boolean succeeded() {
    return status == TaskStatus.SUCCEEDED;
  }

  /**
   * A result line, the output mapped by {@code outputs} to {@code type}.
   *
   * @throws OutputMappingException when the output does not fit {@code type}
   */
  static <T> TaskResult<T> parse(JsonNode line, ObjectMapper outputs, Class<T> type) {
    String id = line.path("id").asText();
    JsonNode output = line.get("output");
    T mapped = null;
    if (output != null && !output.isNull()) {
      try {
        mapped = type == JsonNode.class ? type.cast(output) : outputs.treeToValue(output, type);
      } catch (java.io.IOException | IllegalArgumentException wrong) {
        throw new OutputMappingException(id, type, wrong);
      }
    }
    return new TaskResult<>(id, line.path("type").asText(), Lane.of(line.path("lane").asText()),
        TaskStatus.of(line.path("status").asText()), mapped, text(line.get("error")),
        line.path("attempts").asInt(), text(line.get("worker")));
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
