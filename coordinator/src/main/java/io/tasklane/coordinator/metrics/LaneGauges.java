package io.tasklane.coordinator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per worker lane: capacity, free credit, tasks in flight; per lane: queue depth. Updated from
 * the broker's view just before each scrape.
 */
public final class LaneGauges {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> doubles = new ConcurrentHashMap<>();

  LaneGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  public void update(BrokerProtocol.Lanes view) {
    values.values().forEach(value -> value.set(0));
    doubles.values().forEach(value -> value.set(0.0));
    for (BrokerProtocol.LaneInfo lane : view.lanes()) {
      set("tasklane_lane_capacity", "Task slots of a worker lane", lane.worker(), lane.lane(), lane.capacity());
      set("tasklane_lane_credit", "Free slots a worker lane has offered", lane.worker(), lane.lane(), lane.credit());
      set("tasklane_lane_in_flight", "Tasks running (or granted) on a worker lane", lane.worker(), lane.lane(), lane.busy());
    }
    for (Lane lane : Lane.values()) {
      set("tasklane_queue_depth", "Tasks waiting for a worker, over every job", null, lane,
          view.queued().getOrDefault(lane, 0L));
    }
    TypeGauges.update(view.measured(), this::setDouble);
  }

  /** A gauge named {@code name} with {@code tags} (name, value pairs), set to {@code value}. */
  void setDouble(String name, String help, double value, String... tags) {
    String key = name + '|' + String.join("|", tags);
    doubles.computeIfAbsent(key, k -> {
      AtomicReference<Double> holder = new AtomicReference<>(0.0);
      Gauge.builder(name, holder, AtomicReference::get).description(help).tags(tags).register(registry);
      return holder;
    }).set(value);
  }

  private void set(String name, String help, String worker, Lane lane, long value) {
    String key = name + '|' + worker + '|' + lane.wireName();
    values.computeIfAbsent(key, k -> {
      AtomicLong holder = new AtomicLong();
      Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, holder, AtomicLong::get).description(help)
          .tag("lane", lane.wireName());
      if (worker != null) {
        gauge = gauge.tag("worker", worker);
      }
      gauge.register(registry);
      return holder;
    }).set(value);
  }
}
