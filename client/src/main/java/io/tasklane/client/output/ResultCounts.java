package io.tasklane.client.output;

import java.util.Map;
import java.util.TreeMap;

/** Counts results per lane and status while they stream by. */
final class ResultCounts {

  static final String SUCCEEDED = "succeeded";

  private final Map<String, Map<String, Long>> perLane = new TreeMap<>();
  private long total;
  private long notSucceeded;

  void add(String lane, String status) {
    total++;
    if (!SUCCEEDED.equals(status)) {
      notSucceeded++;
    }
    perLane.computeIfAbsent(lane, any -> new TreeMap<>()).merge(status, 1L, Long::sum);
  }

  long total() {
    return total;
  }

  boolean allSucceeded() {
    return notSucceeded == 0;
  }

  Map<String, Map<String, Long>> perLane() {
    return perLane;
  }
}
