package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One server-sent event of a job's event stream ({@code GET /api/jobs/{id}/events}): its name
 * and its data as sent. The coordinator sends {@value #STATUS} with the job's status whenever it
 * changed, then {@value #END} with its final status; other names (a heartbeat) may come between.
 *
 * @param name the {@code event:} field; {@value #DEFAULT_NAME} when the event had none
 * @param data the {@code data:} lines, joined with a newline
 */
public record JobEvent(String name, String data) {

  /** The job's status changed; the data is its status. */
  public static final String STATUS = "status";
  /** The job ended; the data is its final status, and the stream ends. */
  public static final String END = "end";
  /** The name the SSE specification gives an event without an {@code event:} line. */
  public static final String DEFAULT_NAME = "message";

  public boolean isEnd() {
    return END.equals(name);
  }

  /** The data as JSON; a missing node when it is not JSON (a heartbeat's empty data, say). */
  public JsonNode json() {
    return Json.parseOrMissing(data);
  }

  /**
   * The job's status this event carries ({@value #STATUS}, {@value #END}).
   *
   * @throws TasklaneException when the data is not a status
   */
  public JobStatus status() {
    JsonNode json = json();
    if (!json.isObject()) {
      throw new TasklaneException("event '" + name + "' carries no job status: " + data);
    }
    return JobStatus.of(json);
  }
}
