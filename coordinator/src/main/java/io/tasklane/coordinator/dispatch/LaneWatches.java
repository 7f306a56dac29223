package io.tasklane.coordinator.dispatch;

import io.tasklane.protocol.dispatch.LaneProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * What the {@link LaneBroker} knows to tell a lane really gone from a spurious end of its watch:
 * each registered lane's node incarnation, the members as the broker's own member events tell
 * them, lanes watched a second time, lanes kept until their node is Up here (with a deadline),
 * and lanes whose node was seen removed. Plain state; the broker watches and writes off.
 */
final class LaneWatches {

  private final Duration upWait;
  private final Map<ActorRef<LaneProtocol.Command>, Long> nodeUids = new HashMap<>();
  private final Set<ActorRef<LaneProtocol.Command>> rewatched = new HashSet<>();
  private final Map<ActorRef<LaneProtocol.Command>, Long> awaitingUp = new HashMap<>();
  private final Set<ActorRef<LaneProtocol.Command>> nodeRemoved = new HashSet<>();
  private final Map<Address, Member> members = new HashMap<>();

  LaneWatches(Duration upWait) {
    this.upWait = upWait;
  }

  /** Lanes to watch again now, and lanes to write off now, after a member event. */
  record Changes(List<ActorRef<LaneProtocol.Command>> rewatch, List<ActorRef<LaneProtocol.Command>> writeOff) {}

  void registered(ActorRef<LaneProtocol.Command> lane, long nodeUid) {
    nodeUids.put(lane, nodeUid);
  }

  /** The lane unregistered or was written off: nothing of it is kept. */
  void forget(ActorRef<LaneProtocol.Command> lane) {
    nodeUids.remove(lane);
    rewatched.remove(lane);
    awaitingUp.remove(lane);
    nodeRemoved.remove(lane);
  }

  /** Whether the lane is kept unwatched until its node is Up here (an end of its watch then means nothing). */
  boolean awaitingUp(ActorRef<LaneProtocol.Command> lane) {
    return awaitingUp.containsKey(lane);
  }

  /** The lane's watch ended: what to do ({@link WatchEnd}); a rewatch or a wait is recorded here. */
  WatchEnd watchEnded(ActorRef<LaneProtocol.Command> lane, long now) {
    long uid = nodeUids.getOrDefault(lane, 0L);
    Member member = members.get(lane.path().address());
    WatchEnd end = WatchEnd.of(uid, rewatched.contains(lane), nodeRemoved.contains(lane), WatchEnd.stateOf(
        member == null ? OptionalLong.empty() : OptionalLong.of(member.uniqueAddress().longUid()),
        member == null ? null : member.status(), uid));
    switch (end) {
      case REWATCH -> rewatched.add(lane);
      case AWAIT_UP -> awaitingUp.put(lane, now + upWait.toNanos());
      case WRITE_OFF -> { }
    }
    return end;
  }

  /** A member event: lanes waiting for that node are watched again once it is Up, written off once it is removed. */
  Changes memberChanged(ClusterEvent.MemberEvent event) {
    Member member = event.member();
    long uid = member.uniqueAddress().longUid();
    if (event instanceof ClusterEvent.MemberRemoved) {
      members.computeIfPresent(member.address(),
          (address, known) -> known.uniqueAddress().equals(member.uniqueAddress()) ? null : known);
    } else {
      members.put(member.address(), member);
    }
    List<ActorRef<LaneProtocol.Command>> rewatch = new ArrayList<>();
    List<ActorRef<LaneProtocol.Command>> writeOff = new ArrayList<>();
    nodeUids.forEach((lane, laneUid) -> {
      if (laneUid != uid || !lane.path().address().equals(member.address())) {
        return;
      }
      if (event instanceof ClusterEvent.MemberUp && awaitingUp.remove(lane) != null) {
        rewatched.add(lane);
        rewatch.add(lane);
      } else if (event instanceof ClusterEvent.MemberRemoved) {
        nodeRemoved.add(lane);
        if (awaitingUp.containsKey(lane)) {
          writeOff.add(lane);
        }
      }
    });
    return new Changes(rewatch, writeOff);
  }

  /** Lanes whose node was not Up here within the wait. */
  List<ActorRef<LaneProtocol.Command>> overdue(long now) {
    List<ActorRef<LaneProtocol.Command>> late = new ArrayList<>();
    awaitingUp.forEach((lane, deadline) -> {
      if (now - deadline > 0) {
        late.add(lane);
      }
    });
    return late;
  }
}
