package io.tasklane.coordinator.dispatch;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.LaneChoice;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The broker's answer to {@code GetCatalog}, from what its registered lanes offer. Plain Java. */
final class Catalogs {

  private Catalogs() {}

  /**
   * Each type's lane (the first offer's), every worker's offer of it (workers in name order), and
   * the types whose handler says {@code lane: auto}.
   * A worker's lanes register the same types, so a worker counts once per type (its first lane's
   * offer).
   *
   * @param offered what each registered lane offers
   * @param workerOf the worker (node address) of a lane; null for a lane no longer registered
   */
  static <L> Catalog of(Map<L, Map<String, TypeOffer>> offered, Function<L, String> workerOf) {
    Map<String, Lane> lanes = new HashMap<>();
    Set<String> auto = new HashSet<>();
    Map<String, Map<String, TypeOffer>> byWorker = new HashMap<>();
    offered.forEach((lane, types) -> {
      String worker = workerOf.apply(lane);
      types.forEach((type, offer) -> {
        lanes.putIfAbsent(type, offer.lane());
        if (offer.declared() == LaneChoice.AUTO) {
          auto.add(type);
        }
        if (worker != null) {
          byWorker.computeIfAbsent(type, t -> new TreeMap<>()).putIfAbsent(worker, offer);
        }
      });
    });
    Map<String, List<WorkerOffer>> offers = new HashMap<>();
    byWorker.forEach((type, workers) -> offers.put(type, workers.entrySet().stream()
        .map(worker -> new WorkerOffer(worker.getKey(), worker.getValue())).toList()));
    return new Catalog(lanes, offers, auto);
  }
}
