package io.tasklane.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {

  static final String CLUSTER = "{\"nodes\":["
      + "{\"address\":\"127.0.0.1:17355\",\"roles\":[\"coordinator\"],\"status\":\"up\"},"
      + "{\"address\":\"127.0.0.1:17356\",\"roles\":[\"worker\"],\"status\":\"up\"}],"
      + "\"lanes\":[{\"worker\":\"127.0.0.1:17356\",\"lane\":\"io\",\"capacity\":1000,\"credit\":990,\"busy\":10},"
      + "{\"worker\":\"127.0.0.1:17356\",\"lane\":\"cpu\",\"capacity\":2,\"credit\":0,\"busy\":2}],"
      + "\"queued\":{\"io\":0,\"cpu\":37}}";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator().on("GET", "/api/cluster", Answer.json(200, CLUSTER));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void printsNodesLanesAndQueueDepth() {
    Cli.Run run = Cli.run("cluster", "--server", coordinator.uri().toString(), "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).anySatisfy(line -> assertThat(line.split("\\s+"))
        .containsExactly("127.0.0.1:17356", "worker", "up"));
    assertThat(lines).anySatisfy(line -> assertThat(line.split("\\s+"))
        .containsExactly("WORKER", "LANE", "CAPACITY", "IN-FLIGHT", "FREE"));
    assertThat(lines).anySatisfy(line -> assertThat(line.split("\\s+"))
        .containsExactly("127.0.0.1:17356", "cpu", "2", "2", "0"));
    assertThat(lines).anySatisfy(line -> assertThat(line.split("\\s+")).containsExactly("cpu", "37"));
  }

  @Test
  void printsTheObjectAsReceivedWithOutputJson() throws Exception {
    Cli.Run run = Cli.run("cluster", "-o", "json", "--server", coordinator.uri().toString(),
        "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isZero();
    assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(CLUSTER));
  }

  @Test
  void exitsThreeWhenTheTokenIsRefused() {
    Cli.Run run = Cli.run("cluster", "--server", coordinator.uri().toString(), "--token", "nope");

    assertThat(run.code()).isEqualTo(3);
  }
}
