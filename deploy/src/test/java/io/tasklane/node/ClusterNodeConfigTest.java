package io.tasklane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterNodeConfigTest {

  private static Config config(Set<String> roles, Map<String, Object> settings) {
    return ClusterNode.config(new ClusterNode.Options("127.0.0.1", 0, List.of("127.0.0.1:17355"), roles, settings, false));
  }

  private static Duration seedNodeTimeout(Config config) {
    return config.getDuration("pekko.cluster.seed-node-timeout");
  }

  @Test
  void aWorkerAloneAsksItsSeedsEverySecondTheCoordinatorKeepsPekkosTimeout() {
    assertThat(seedNodeTimeout(config(Set.of("worker"), Map.of()))).isEqualTo(Duration.ofSeconds(1));
    assertThat(seedNodeTimeout(config(Set.of("coordinator"), Map.of())))
        .as("a restarted coordinator looks this long for its workers' cluster").isEqualTo(Duration.ofSeconds(5));
    assertThat(seedNodeTimeout(config(Set.of("coordinator", "worker"), Map.of()))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aWorkerAloneSendsAnUnansweredJoinAgainAfterTwoSecondsTheCoordinatorAfterPekkosTen() {
    String retry = "pekko.cluster.retry-unsuccessful-join-after";
    assertThat(config(Set.of("worker"), Map.of()).getDuration(retry)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config(Set.of("coordinator"), Map.of()).getDuration(retry)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config(Set.of("worker"), Map.of(retry, "5s")).getDuration(retry)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void everyNodeDownsWithTasklanesResolverWhichKeepsTheSideWithACoordinator() {
    for (Set<String> roles : List.of(Set.of("worker"), Set.of("coordinator"), Set.of("coordinator", "worker"))) {
      Config config = config(roles, Map.of());
      assertThat(config.getString("pekko.cluster.downing-provider-class"))
          .isEqualTo(io.tasklane.node.downing.TasklaneDowning.class.getName());
      assertThat(config.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(Duration.ofSeconds(7));
    }
  }

  @Test
  void aSettingOfTheUsersWins() {
    assertThat(seedNodeTimeout(config(Set.of("worker"), Map.of("pekko.cluster.seed-node-timeout", "3s"))))
        .as("an embedder's setting").isEqualTo(Duration.ofSeconds(3));
    System.setProperty("pekko.cluster.seed-node-timeout", "4s");
    ConfigFactory.invalidateCaches();
    try {
      assertThat(seedNodeTimeout(config(Set.of("worker"), Map.of()))).as("-D on the command line").isEqualTo(Duration.ofSeconds(4));
    } finally {
      System.clearProperty("pekko.cluster.seed-node-timeout");
      ConfigFactory.invalidateCaches();
    }
  }
}
