package io.tasklane.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.worker.rejoin.RejoinReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

class NodeRestartTest {

  private static final ClusterNode.Options WORKER = new ClusterNode.Options("127.0.0.1", 17356,
      List.of("127.0.0.1:17355", "127.0.0.1:17356", "127.0.0.1:17357"), Set.of(ClusterNode.WORKER_ROLE),
      Map.of("tasklane.worker.exec.allow", "all"), false);
  private static final RejoinReason REJOIN = new RejoinReason("no coordinator reachable for 15 s", List.of("127.0.0.1:17357"));
  private static final Optional<Rejoining> ON = Optional.of(new Rejoining(Duration.ofSeconds(1), Duration.ofSeconds(15)));
  private static final Optional<CoordinatedShutdown.Reason> UNANSWERED =
      Optional.of(CoordinatedShutdown.clusterJoinUnsuccessfulReason());

  @Test
  void aWorkerThatStoppedToRejoinStartsAgainWithoutTheSeedsOfTheStaleCluster() {
    Optional<NodeRestart> restart = NodeRestart.after(WORKER, ON, Optional.of(REJOIN), false);
    assertThat(restart).isPresent();
    assertThat(restart.get().why()).isEqualTo("no coordinator reachable for 15 s");
    assertThat(restart.get().options().seeds()).containsExactly("127.0.0.1:17355", "127.0.0.1:17356");
    assertThat(restart.get().options().port()).isEqualTo(17356);
  }

  @Test
  void keepsEverySeedWhenAllWereStale() {
    RejoinReason all = new RejoinReason("why", WORKER.seeds());
    assertThat(NodeRestart.after(WORKER, ON, Optional.of(all), false).orElseThrow().options().seeds())
        .isEqualTo(WORKER.seeds());
  }

  @Test
  void aDownedWorkerStartsAgainWithTheSameOptions() {
    Optional<NodeRestart> restart =
        NodeRestart.after(WORKER, ON, Optional.of(CoordinatedShutdown.clusterDowningReason()), false);
    assertThat(restart.orElseThrow().options()).isEqualTo(WORKER);
  }

  @Test
  void aWorkerWhoseSeedsDidNotAnswerTriesAgainAskingHalfAsOftenWithEverySeed() {
    NodeRestart restart = NodeRestart.after(WORKER, ON, UNANSWERED, false).orElseThrow();
    assertThat(restart.why()).contains("seeds did not answer").contains("every 2 s");
    assertThat(restart.options().settings()).containsEntry(NodeRestart.JOIN_INTERVAL, "2000ms")
        .containsEntry("tasklane.worker.exec.allow", "all");
    assertThat(restart.options().seeds()).isEqualTo(WORKER.seeds());
    assertThat(restart.options().port()).isEqualTo(WORKER.port());
    assertThat(restart.options().roles()).isEqualTo(WORKER.roles());
  }

  @Test
  void aWorkerRemovedAfterItFinallyJoinedStartsOverAtTheConfiguredInterval() {
    Optional<Rejoining> slow = Optional.of(new Rejoining(Duration.ofSeconds(8), Duration.ofSeconds(15)));
    assertThat(NodeRestart.after(WORKER, slow, Optional.of(CoordinatedShutdown.clusterDowningReason()), false)
        .orElseThrow().options().settings()).doesNotContainKey(NodeRestart.JOIN_INTERVAL);
    assertThat(NodeRestart.after(WORKER, slow, Optional.of(REJOIN), false)
        .orElseThrow().options().settings()).doesNotContainKey(NodeRestart.JOIN_INTERVAL);
  }

  @Test
  void theJoinIntervalDoublesUpToTheMaximumAndNeverShrinks() {
    Duration max = Duration.ofSeconds(15);
    List<Duration> intervals = new ArrayList<>();
    Duration interval = Duration.ofSeconds(1);
    for (int window = 0; window < 6; window++) {
      interval = new Rejoining(interval, max).nextJoinInterval();
      intervals.add(interval);
    }
    assertThat(intervals).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
        Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15));
    assertThat(new Rejoining(Duration.ofSeconds(20), max).nextJoinInterval())
        .as("a configured interval above the maximum stays").isEqualTo(Duration.ofSeconds(20));
    assertThatThrownBy(() -> new Rejoining(Duration.ZERO, max)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoppedOrLeavingNodeOrOneWithRejoinOffEnds() {
    assertThat(NodeRestart.after(WORKER, ON, Optional.of(CoordinatedShutdown.jvmExitReason()), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, ON, Optional.of(CoordinatedShutdown.clusterLeavingReason()), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, ON, Optional.empty(), false)).isEmpty();
    assertThat(NodeRestart.after(WORKER, Optional.empty(), Optional.of(REJOIN), false)).as("off, or not a worker alone")
        .isEmpty();
    assertThat(NodeRestart.after(WORKER, Optional.empty(), UNANSWERED, false)).as("off: unanswered seeds end it")
        .isEmpty();
    assertThat(NodeRestart.after(WORKER, ON, Optional.of(REJOIN), true)).as("the JVM is stopping (SIGTERM)").isEmpty();
    assertThat(NodeRestart.after(WORKER, ON, UNANSWERED, true)).as("the JVM is stopping (SIGTERM)").isEmpty();
  }
}
