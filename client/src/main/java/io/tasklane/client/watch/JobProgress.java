package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's progress per lane from its status objects ({@code GET /api/jobs/{id}}): io first,
 * then cpu, then any other lane the server reports.
 */
final class JobProgress {

  static final List<String> ENDED = List.of("succeeded", "failed", "timed_out", "cancelled");
  static final List<String> FAILURES = List.of("failed", "timed_out", "cancelled");

  private final Map<String, LaneProgress> lanes = new LinkedHashMap<>();

  JobProgress() {
    lanes.put("io", new LaneProgress("io"));
    lanes.put("cpu", new LaneProgress("cpu"));
  }

  void update(JsonNode status, long nanos) {
    for (Map.Entry<String, JsonNode> lane : status.path("lanes").properties()) {
      JsonNode counts = lane.getValue();
      lanes.computeIfAbsent(lane.getKey(), LaneProgress::new)
          .update(nanos, counts.path("total").asLong(0), sum(counts, ENDED), sum(counts, FAILURES));
    }
  }

  List<LaneProgress> lanes() {
    return new ArrayList<>(lanes.values());
  }

  static long sum(JsonNode counts, List<String> names) {
    long sum = 0;
    for (String name : names) {
      sum += counts.path(name).asLong(0);
    }
    return sum;
  }
}
