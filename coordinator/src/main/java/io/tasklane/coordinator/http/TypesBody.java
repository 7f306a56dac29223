package io.tasklane.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.dispatch.TypeOffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/types}: every task type the registered workers offer. A type is listed once
 * per distinct offer: workers whose offers are the same share an entry; two entries with one
 * name mean workers offer it differently (a plugin version rolling out, or an {@code auto} type
 * that workers measured into different lanes).
 */
record TypesBody(List<Type> types) {

  /**
   * @param declared the lane the handler asks for: {@code io}, {@code cpu} or {@code auto}
   * @param lane the lane its tasks go to now (for {@code auto}: the one chosen)
   * @param input its input as JSON Schema ({@code {}}: anything)
   * @param source {@code built-in}, or the plugin it came from
   * @param workers the workers ({@code host:port}) that offer it so, in name order
   * @param measured what each of those workers measured of it (for {@code auto} types, and
   *     {@code io} types that burn CPU on the I/O lane's thread); absent when nothing was
   */
  record Type(String name, String declared, String lane, JsonNode input, String description, String source,
      List<String> workers, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Figures> measured) {}

  /**
   * @param samples runs measured so far (a window of the latest)
   * @param cpuRatio thread CPU time over wall time less the time the run waited for a core
   * @param cpuMsPerRun CPU milliseconds per run
   * @param chosen the lane the worker chose ({@code auto} types); absent before it chose
   * @param warning why an {@code io} type is a worry (CPU burnt on the I/O lane's thread); absent if none
   */
  record Figures(int samples, double cpuRatio, double cpuMsPerRun,
      @JsonInclude(JsonInclude.Include.NON_NULL) String chosen,
      @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {

    static Figures of(TypeOffer.Measured measured) {
      return new Figures(measured.samples(), measured.cpuRatio(), measured.cpuMsPerRun(),
          measured.chosen() == null ? null : measured.chosen().wireName(), measured.warning());
    }
  }

  static TypesBody of(Catalog catalog) {
    List<Type> types = new ArrayList<>();
    for (Map.Entry<String, List<WorkerOffer>> offered : catalog.offers().entrySet()) {
      // workers share an entry when they offer the type alike; their figures differ, so they
      // are not part of what is compared but listed per worker
      Map<TypeOffer, List<WorkerOffer>> workersByOffer = new LinkedHashMap<>();
      for (WorkerOffer offer : offered.getValue()) {
        workersByOffer.computeIfAbsent(withoutFigures(offer.offer()), o -> new ArrayList<>()).add(offer);
      }
      workersByOffer.forEach((offer, workers) -> {
        Map<String, Figures> measured = new java.util.TreeMap<>();
        workers.forEach(worker -> {
          if (worker.offer().measured() != null) {
            measured.put(worker.worker(), Figures.of(worker.offer().measured()));
          }
        });
        types.add(new Type(offered.getKey(), offer.declared().wireName(), offer.lane().wireName(),
            schema(offer.input()), offer.description(), offer.source(),
            workers.stream().map(WorkerOffer::worker).sorted().toList(), measured));
      });
    }
    types.sort(Comparator.comparing(Type::name).thenComparing(type -> type.workers().isEmpty() ? "" : type.workers().get(0)));
    return new TypesBody(types);
  }

  private static TypeOffer withoutFigures(TypeOffer offer) {
    return new TypeOffer(offer.type(), offer.declared(), offer.lane(), offer.input(), offer.source(), offer.description());
  }

  /** The schema text as JSON; kept as a string if a worker sent one that is not JSON. */
  private static JsonNode schema(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException notJson) {
      return TextNode.valueOf(text);
    }
  }
}
