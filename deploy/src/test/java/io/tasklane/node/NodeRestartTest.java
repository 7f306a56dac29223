package io.tasklane.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.worker.rejoin.RejoinReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

class NodeRestartTest {

  private static final ClusterNode.Options WORKER = new ClusterNode.Options("127.0.0.1", 17356,
      List.of("127.0.0.1:17355", "127.0.0.1:17356", "127.0.0.1:17357"), Set.of(ClusterNode.WORKER_ROLE), Map.of(), false);
  private static final RejoinReason REJOIN = new RejoinReason("no coordinator reachable for 15 s", List.of("127.0.0.1:17357"));

  @Test
  void aWorkerThatStoppedToRejoinStartsAgainWithoutTheSeedsOfTheStaleCluster() {
    Optional<NodeRestart> restart = NodeRestart.after(WORKER, true, Optional.of(REJOIN), false);
    assertThat(restart).isPresent();
    assertThat(restart.get().why()).isEqualTo("no coordinator reachable for 15 s");
    assertThat(restart.get().options().seeds()).containsExactly("127.0.0.1:17355", "127.0.0.1:17356");
    assertThat(restart.get().options().port()).isEqualTo(17356);
  }

  @Test
  void keepsEverySeedWhenAllWereStale() {
    RejoinReason all = new RejoinReason("why", WORKER.seeds());
    assertThat(NodeRestart.after(WORKER, true, Optional.of(all), false).orElseThrow().options().seeds())
        .isEqualTo(WORKER.seeds());
  }

  @Test
  void aDownedWorkerStartsAgainWithTheSameOptions() {
    Optional<NodeRestart> restart =
        NodeRestart.after(WORKER, true, Optional.of(CoordinatedShutdown.clusterDowningReason()), false);
    assertThat(restart.orElseThrow().options()).isEqualTo(WORKER);
  }

  @Test
  void aStoppedOrLeavingNodeOrOneWithRejoinOffEnds() {
    assertThat(NodeRestart.after(WORKER, true, Optional.of(CoordinatedShutdown.jvmExitReason()), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, true, Optional.of(CoordinatedShutdown.clusterLeavingReason()), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, true, Optional.of(CoordinatedShutdown.clusterJoinUnsuccessfulReason()), false))
        .isEmpty();
    assertThat(NodeRestart.after(WORKER, true, Optional.empty(), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, false, Optional.of(REJOIN), false)).as("off, or not a worker alone").isEmpty();
    assertThat(NodeRestart.after(WORKER, true, Optional.of(REJOIN), true)).as("the JVM is stopping (SIGTERM)").isEmpty();
  }
}
