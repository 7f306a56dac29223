package io.tasklane.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** The answers to a posted job file: a submitted job, or tasks appended to an open one. */
final class PostedBodies {

  private PostedBodies() {}

  /** 202 (created) or 200 (the job was there already: same id, same idempotency key). */
  record Submitted(String id, boolean created, long tasks) {}

  /**
   * A submit with wait, once the job ended: its state and status, with its results inline
   * ({@code results}, written as they are: the job's result lines are JSON) or, when they were
   * too large for one answer, where to stream them from ({@code resultsUrl}).
   */
  record Waited(String id, boolean created, long tasks, String state, JobStatusBody status,
      @JsonRawValue @JsonInclude(JsonInclude.Include.NON_NULL) String results,
      @JsonInclude(JsonInclude.Include.NON_NULL) String resultsUrl) {

    static Waited of(String id, long tasks, JobStatusBody status, String lines, boolean inline, String url) {
      return new Waited(id, true, tasks, status.state(), status, inline ? array(lines) : null, inline ? null : url);
    }
  }

  /**
   * Tasks appended: the index of the first and how many; with wait, once they ended, their
   * results as in {@link Waited}, or a {@code message} when the job had too many waiting.
   */
  record Appended(String id, int first, int tasks,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean repeated,
      @JsonInclude(JsonInclude.Include.NON_NULL) String message,
      @JsonRawValue @JsonInclude(JsonInclude.Include.NON_NULL) String results,
      @JsonInclude(JsonInclude.Include.NON_NULL) String resultsUrl) {

    static Appended of(String id, int first, int tasks, boolean repeated) {
      return new Appended(id, first, tasks, repeated ? Boolean.TRUE : null, null, null, null);
    }

    Appended withMessage(String text) {
      return new Appended(id, first, tasks, repeated, text, null, null);
    }

    Appended withResults(String lines, boolean inline, String url) {
      return new Appended(id, first, tasks, repeated, null, inline ? array(lines) : null, inline ? null : url);
    }
  }

  /** Result lines (each ending with a newline) as one JSON array. */
  static String array(String lines) {
    return lines.isEmpty() ? "[]" : "[" + lines.substring(0, lines.length() - 1).replace("\n", ",") + "]";
  }
}
