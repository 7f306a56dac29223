package io.tasklane.coordinator.metrics;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.MeasuredType;
import io.tasklane.protocol.dispatch.TypeOffer;
import java.util.List;

/**
 * The workers' figures for their task types, per worker and type: what {@code lane: auto} chose
 * and why, and which {@code io} types burn CPU on the I/O lane's thread.
 */
final class TypeGauges {

  /** Sets one gauge: name, help, value, tags as name/value pairs. */
  @FunctionalInterface
  interface Setter {
    void set(String name, String help, double value, String... tags);
  }

  private TypeGauges() {}

  static void update(List<MeasuredType> measured, Setter gauges) {
    for (MeasuredType type : measured) {
      TypeOffer.Measured figures = type.figures();
      String[] tags = {"worker", type.worker(), "type", type.type(), "declared", type.declared().name().toLowerCase(java.util.Locale.ROOT)};
      gauges.set("tasklane_type_cpu_ratio", "Thread CPU time over wall time of a type's recent runs on a worker",
          figures.cpuRatio(), tags);
      gauges.set("tasklane_type_cpu_ms_per_run", "Mean thread CPU ms of a type's measured runs on a worker",
          figures.cpuMsPerRun(), tags);
      gauges.set("tasklane_type_samples", "Runs of a type a worker's figures are over", figures.samples(), tags);
      for (Lane lane : Lane.values()) {
        gauges.set("tasklane_type_lane_chosen", "1 for the lane a worker chose for a type's auto tasks",
            lane == figures.chosen() ? 1 : 0, withLane(tags, lane));
      }
      gauges.set("tasklane_type_io_burns_cpu", "1 while an io type computes on the I/O lane's thread (see the worker's log)",
          figures.warning() == null ? 0 : 1, tags);
    }
  }

  private static String[] withLane(String[] tags, Lane lane) {
    String[] all = java.util.Arrays.copyOf(tags, tags.length + 2);
    all[tags.length] = "lane";
    all[tags.length + 1] = lane.wireName();
    return all;
  }
}
