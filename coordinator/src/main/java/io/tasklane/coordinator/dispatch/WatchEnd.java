package io.tasklane.coordinator.dispatch;

import org.apache.pekko.cluster.MemberStatus;

/**
 * What the broker does when the watch of a registered lane ends, by what this node knows of the
 * lane's node incarnation. A watch may end while the lane lives: Pekko ends every watch at an
 * address when a member at that address is removed (a worker's earlier incarnation), and it answers
 * a watch of an actor at an address with a removed member, while the new incarnation is not yet Up
 * here, with an immediate Terminated. The second happens when a worker rejoined at its old address
 * and another node (the leader: the lowest address among the Up members, often a worker) moved it
 * to Up before this node heard of it: the worker, Up in its own view, registers its lanes at once.
 */
enum WatchEnd {
  /** Watched once more now: its node is Up and reachable here. */
  REWATCH,
  /** Kept and watched again once this node sees its node Up; written off if it is removed first, or at the deadline. */
  AWAIT_UP,
  /** Written off: the lane is gone, and the jobs requeue what it had in flight. */
  WRITE_OFF;

  /** The lane's node incarnation as this node sees it. */
  enum NodeState {
    /**
     * Not listed here yet: no member at its address, or another incarnation (the one it replaces,
     * whose removal has not reached the broker yet; an older lane whose node was replaced was written
     * off when the broker saw its node removed).
     */
    UNSEEN,
    /** A member, joining (or weakly up), not Up yet here. */
    JOINING,
    /** An Up member here. */
    UP,
    /** Leaving, exiting or down. */
    GONE
  }

  /**
   * @param uid the lane's node incarnation (0: unknown, an older worker: its watch is believed)
   * @param rewatched whether the lane was already watched once more (a second end is believed)
   * @param removed whether this node saw the lane's incarnation removed
   * @param node the incarnation's state here
   */
  static WatchEnd of(long uid, boolean rewatched, boolean removed, NodeState node) {
    if (uid == 0L || rewatched || removed) {
      return WRITE_OFF;
    }
    return switch (node) {
      case UP -> REWATCH;
      case JOINING, UNSEEN -> AWAIT_UP;
      case GONE -> WRITE_OFF;
    };
  }

  /**
   * The state of incarnation {@code uid} of a node, as the broker's own member events tell it (they
   * reach the broker after Pekko's remote watcher, so a node Up here is one whose lanes it watches).
   *
   * @param memberUid the incarnation of the member at the lane's address; empty: none seen there
   * @param status that member's status (ignored when there is none)
   */
  static NodeState stateOf(java.util.OptionalLong memberUid, MemberStatus status, long uid) {
    if (memberUid.isEmpty()) {
      return NodeState.UNSEEN;
    }
    if (memberUid.getAsLong() != uid) {
      return NodeState.UNSEEN;
    }
    if (status == MemberStatus.up()) {
      return NodeState.UP;
    }
    return status == MemberStatus.joining() || status == MemberStatus.weaklyUp() ? NodeState.JOINING : NodeState.GONE;
  }
}
