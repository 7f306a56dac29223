package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.api.Json;
import org.junit.jupiter.api.Test;

class ClusterReadinessTest {

  static final String NODES = "\"nodes\":["
      + "{\"address\":\"127.0.0.1:17355\",\"roles\":[\"coordinator\"],\"status\":\"up\"},"
      + "{\"address\":\"127.0.0.1:40001\",\"roles\":[\"worker\"],\"status\":\"up\"},"
      + "{\"address\":\"127.0.0.1:40002\",\"roles\":[\"worker\"],\"status\":\"joining\"}]";

  static String lane(String worker, String lane) {
    return "{\"worker\":\"" + worker + "\",\"lane\":\"" + lane + "\",\"capacity\":4,\"credit\":0,\"busy\":0}";
  }

  @Test
  void isReadyWhenEnoughWorkersAreUpWithBothLanes() throws Exception {
    var cluster = Json.MAPPER.readTree("{" + NODES + ",\"lanes\":["
        + lane("127.0.0.1:40001", "io") + "," + lane("127.0.0.1:40001", "cpu") + "]}");

    assertThat(ClusterReadiness.ready(cluster, 1)).isTrue();
    assertThat(ClusterReadiness.ready(cluster, 2)).isFalse();
  }

  @Test
  void isNotReadyWhileAWorkerHasOnlyOneLane() throws Exception {
    var cluster = Json.MAPPER.readTree("{" + NODES + ",\"lanes\":[" + lane("127.0.0.1:40001", "io") + "]}");

    assertThat(ClusterReadiness.ready(cluster, 1)).isFalse();
  }

  @Test
  void isNotReadyWithoutACoordinator() throws Exception {
    var cluster = Json.MAPPER.readTree("{\"nodes\":[{\"address\":\"127.0.0.1:40001\",\"roles\":[\"worker\"],"
        + "\"status\":\"up\"}],\"lanes\":[" + lane("127.0.0.1:40001", "io") + ","
        + lane("127.0.0.1:40001", "cpu") + "]}");

    assertThat(ClusterReadiness.ready(cluster, 1)).isFalse();
  }
}
