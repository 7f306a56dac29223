package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.coordinator.dispatch.WatchEnd.NodeState;
import java.util.OptionalLong;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

/**
 * A lane's watch that ends while its node is still joining here (a rejoined worker moved to Up by
 * another node, the leader, registers at once; Pekko answers the watch with an immediate Terminated
 * because its address had a removed member) keeps the lane until its node is Up here: a CI run wrote
 * such a worker's lanes off 9 ms after they registered, and the worker, Up and idle, never got a
 * task again.
 */
class WatchEndTest {

  private static final long UID = -7015560744697763702L;

  @Test
  void aLaneOfANodeNotUpHereYetWaitsForIt() {
    assertThat(WatchEnd.of(UID, false, false, NodeState.JOINING)).isEqualTo(WatchEnd.AWAIT_UP);
    assertThat(WatchEnd.of(UID, false, false, NodeState.UNSEEN)).isEqualTo(WatchEnd.AWAIT_UP);
  }

  @Test
  void aLaneOfAnUpNodeIsWatchedOnceMore() {
    assertThat(WatchEnd.of(UID, false, false, NodeState.UP)).isEqualTo(WatchEnd.REWATCH);
  }

  @Test
  void aLaneIsWrittenOffWhenItsNodeIsGoneRemovedOrItsWatchEndedTwiceOrItsNodeIsUnknown() {
    assertThat(WatchEnd.of(UID, false, false, NodeState.GONE)).isEqualTo(WatchEnd.WRITE_OFF);
    assertThat(WatchEnd.of(UID, false, true, NodeState.JOINING)).as("removed here").isEqualTo(WatchEnd.WRITE_OFF);
    assertThat(WatchEnd.of(UID, false, true, NodeState.UNSEEN)).as("removed here").isEqualTo(WatchEnd.WRITE_OFF);
    assertThat(WatchEnd.of(UID, true, false, NodeState.UP)).as("watched again already").isEqualTo(WatchEnd.WRITE_OFF);
    assertThat(WatchEnd.of(UID, true, false, NodeState.JOINING)).as("watched again already").isEqualTo(WatchEnd.WRITE_OFF);
    assertThat(WatchEnd.of(0L, false, false, NodeState.UP)).as("an older worker, no uid").isEqualTo(WatchEnd.WRITE_OFF);
  }

  @Test
  void theNodeStateIsTheListedIncarnationsStatus() {
    assertThat(WatchEnd.stateOf(OptionalLong.empty(), null, UID)).isEqualTo(NodeState.UNSEEN);
    assertThat(WatchEnd.stateOf(OptionalLong.of(3154147342633408731L), MemberStatus.down(), UID))
        .as("the earlier incarnation, not removed here yet").isEqualTo(NodeState.UNSEEN);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.joining(), UID)).isEqualTo(NodeState.JOINING);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.weaklyUp(), UID)).isEqualTo(NodeState.JOINING);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.up(), UID)).isEqualTo(NodeState.UP);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.down(), UID)).isEqualTo(NodeState.GONE);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.leaving(), UID)).isEqualTo(NodeState.GONE);
    assertThat(WatchEnd.stateOf(OptionalLong.of(UID), MemberStatus.exiting(), UID)).isEqualTo(NodeState.GONE);
  }
}
