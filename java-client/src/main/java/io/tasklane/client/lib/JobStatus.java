package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A job's state and counts ({@code GET /api/jobs/{id}}); once it has ended, its summary.
 *
 * @param name null when the job has none
 * @param open true while an open job still takes tasks
 * @param endedAt null while it runs
 * @param total its tasks (an open job's grows)
 * @param lanes the counts of the I/O and the CPU lane
 */
public record JobStatus(String id, String name, JobState state, boolean open, Instant submittedAt,
    Instant endedAt, long total, Map<Lane, LaneCounts> lanes) {

  public JobStatus {
    lanes = Map.copyOf(lanes);
  }

  public boolean isEnded() {
    return state.isEnded();
  }

  /** Tasks that succeeded, over both lanes. */
  public long succeeded() {
    return lanes.values().stream().mapToLong(LaneCounts::succeeded).sum();
  }

  /** Tasks that ended, however, over both lanes. */
  public long ended() {
    return lanes.values().stream().mapToLong(LaneCounts::ended).sum();
  }

  static JobStatus of(JsonNode json) {
    Map<Lane, LaneCounts> lanes = new EnumMap<>(Lane.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("lanes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> lane = it.next();
      Lane known = Lane.of(lane.getKey());
      if (known != null) {
        lanes.put(known, LaneCounts.of(lane.getValue()));
      }
    }
    return new JobStatus(json.path("id").asText(), text(json.get("name")), JobState.of(json.path("state").asText()),
        json.path("open").asBoolean(false), instant(json.get("submittedAt")), instant(json.get("endedAt")),
        json.path("total").asLong(), lanes);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Instant instant(JsonNode millis) {
    return millis == null || millis.isNull() ? null : Instant.ofEpochMilli(millis.asLong());
  }
}
