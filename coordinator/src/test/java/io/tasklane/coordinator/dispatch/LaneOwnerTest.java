package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.dispatch.LaneProtocol;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs track tasks in flight by the owner the broker names in grants and losses: a worker
 * restarted at the same address must be another owner, or the loss of its old incarnation
 * (noticed 12-16 s later) would requeue the tasks the new one is running.
 */
class LaneOwnerTest {

  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void twoIncarnationsOfALaneAtOneAddressAreTwoOwnersAndOneIncarnationIsAlwaysTheSame() {
    TestProbe<LaneProtocol.Command> before = KIT.createTestProbe("io-lane");
    TestProbe<LaneProtocol.Command> after = KIT.createTestProbe("io-lane");

    assertThat(LaneBroker.owner(before.ref(), "127.0.0.1:4000"))
        .startsWith("127.0.0.1:4000#")
        .isNotEqualTo(LaneBroker.owner(after.ref(), "127.0.0.1:4000"))
        .isEqualTo(LaneBroker.owner(before.ref(), "127.0.0.1:4000"));
  }
}
