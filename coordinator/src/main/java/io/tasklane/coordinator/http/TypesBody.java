package io.tasklane.coordinator.http;

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
   */
  record Type(String name, String declared, String lane, JsonNode input, String description, String source,
      List<String> workers) {}

  static TypesBody of(Catalog catalog) {
    List<Type> types = new ArrayList<>();
    for (Map.Entry<String, List<WorkerOffer>> offered : catalog.offers().entrySet()) {
      Map<TypeOffer, List<String>> workersByOffer = new LinkedHashMap<>();
      for (WorkerOffer offer : offered.getValue()) {
        workersByOffer.computeIfAbsent(offer.offer(), o -> new ArrayList<>()).add(offer.worker());
      }
      workersByOffer.forEach((offer, workers) -> types.add(new Type(offered.getKey(), offer.declared().wireName(),
          offer.lane().wireName(), schema(offer.input()), offer.description(), offer.source(),
          workers.stream().sorted().toList())));
    }
    types.sort(Comparator.comparing(Type::name).thenComparing(type -> type.workers().isEmpty() ? "" : type.workers().get(0)));
    return new TypesBody(types);
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
