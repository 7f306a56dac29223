package io.tasklane.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's state and counts per lane ({@code GET /api/jobs/{id}}, cancel, close, the events
 * stream, and inside a waited submit). {@code endedAt} is always written (null while running);
 * {@code open} only for an open job; {@code waiting} only while some of its tasks wait for a
 * worker that offers their type (one sentence each); {@code message} only where a route adds one.
 */
record JobStatusBody(
    String id,
    String name,
    String state,
    long submittedAt,
    Long endedAt,
    int total,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean open,
    String coordinator,
    Map<String, Counts> lanes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> waiting,
    @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

  /** One lane's task counts. */
  record Counts(int total, int queued, int running, int succeeded, int failed,
      @JsonProperty("timed_out") int timedOut, int cancelled) {}

  static JobStatusBody of(JobStatus status) {
    Map<String, Counts> lanes = new LinkedHashMap<>();
    for (Lane lane : Lane.values()) {
      LaneCounts c = status.lanes().get(lane);
      if (c != null) {
        lanes.put(lane.wireName(), new Counts(c.total(), c.queued(), c.running(), c.succeeded(), c.failed(),
            c.timedOut(), c.cancelled()));
      }
    }
    return new JobStatusBody(status.id(), status.name(), status.state().name(), status.submittedAt(),
        status.endedAt(), status.total(), status.open() ? Boolean.TRUE : null, status.coordinator(), lanes, status.waiting(), null);
  }

  JobStatusBody withMessage(String text) {
    return new JobStatusBody(id, name, state, submittedAt, endedAt, total, open, coordinator, lanes, waiting, text);
  }
}
