package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One lane's tasks of a job: how many in all, waiting for a worker, running, and ended by how.
 */
public record LaneCounts(long total, long queued, long running, long succeeded, long failed, long timedOut,
    long cancelled) {

  /** Tasks that ended, however. */
  public long ended() {
    return succeeded + failed + timedOut + cancelled;
  }

  static LaneCounts of(JsonNode lane) {
    return new LaneCounts(lane.path("total").asLong(), lane.path("queued").asLong(), lane.path("running").asLong(),
        lane.path("succeeded").asLong(), lane.path("failed").asLong(), lane.path("timed_out").asLong(),
        lane.path("cancelled").asLong());
  }
}
