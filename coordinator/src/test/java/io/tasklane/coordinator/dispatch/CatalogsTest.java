package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.WorkerOffer;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.LaneChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogsTest {

  private static final TypeOffer SLEEP = new TypeOffer("sleep", LaneChoice.IO, Lane.IO, "{\"type\":\"object\"}", "built-in", "naps");
  private static final TypeOffer HASH_V1 = new TypeOffer("hash", LaneChoice.CPU, Lane.CPU, "{}", "plugin h 1", "");
  private static final TypeOffer HASH_V2 = new TypeOffer("hash", LaneChoice.CPU, Lane.CPU, "{\"type\":\"object\"}", "plugin h 2", "");

  @Test
  void listsEachWorkerOnceForEveryTypeItOffersWithItsOwnOffer() {
    Map<String, Map<String, TypeOffer>> lanes = new LinkedHashMap<>();
    lanes.put("b-io", Map.of("sleep", SLEEP, "hash", HASH_V2));
    lanes.put("b-cpu", Map.of("sleep", SLEEP, "hash", HASH_V2));
    lanes.put("a-io", Map.of("sleep", SLEEP, "hash", HASH_V1));
    lanes.put("a-cpu", Map.of("sleep", SLEEP, "hash", HASH_V1));
    lanes.put("gone", Map.of("ghost", SLEEP));

    Catalog catalog = Catalogs.of(lanes, lane -> lane.equals("gone") ? null : lane.substring(0, 1) + ":1");

    assertThat(catalog.handlers()).containsEntry("sleep", Lane.IO).containsEntry("hash", Lane.CPU);
    assertThat(catalog.offers().get("sleep")).containsExactly(new WorkerOffer("a:1", SLEEP), new WorkerOffer("b:1", SLEEP));
    assertThat(catalog.offers().get("hash")).containsExactly(new WorkerOffer("a:1", HASH_V1), new WorkerOffer("b:1", HASH_V2));
    assertThat(catalog.offers()).doesNotContainKey("ghost");
  }
}
