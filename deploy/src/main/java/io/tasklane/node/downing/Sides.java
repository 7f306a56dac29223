package io.tasklane.node.downing;

/**
 * Which side of a partition a node's Split Brain Resolver keeps, in plain Java: the side that has
 * a coordinator, because a cluster of workers alone can run nothing. Sides are counted as the
 * deciding node sees them: members reachable from it ({@code this} side, which includes itself)
 * and unreachable ones (the {@code other} side).
 *
 * <ul>
 *   <li>Coordinators on one side only: that side stays, the other (workers only) is downed. A
 *       paused coordinator is therefore never downed by its workers: they down themselves, start
 *       fresh nodes and rejoin it once it runs again, and it is never told it was quarantined (which
 *       would make it down itself on waking). A coordinator that loses every worker at once stays.
 *   <li>Coordinators on both sides (several coordinators): keep-oldest with down-if-alone, by the
 *       oldest coordinator: its side stays, unless it is alone and the other side has two or more
 *       members, so a crashed or cut-off oldest coordinator is replaced by the next one.
 *   <li>No coordinator on either side (none is a member): keep-oldest with down-if-alone, by the
 *       oldest member.
 * </ul>
 *
 * @param thisSide members reachable from the deciding node, itself included
 * @param otherSide unreachable members
 * @param thisCoordinators coordinators among {@code thisSide}
 * @param otherCoordinators coordinators among {@code otherSide}
 * @param oldestHere whether the oldest coordinator (the oldest member when there is none) is on this side
 */
record Sides(int thisSide, int otherSide, int thisCoordinators, int otherCoordinators, boolean oldestHere) {

  /** What to down. */
  enum Outcome { DOWN_UNREACHABLE, DOWN_REACHABLE }

  Sides {
    if (thisSide < 0 || otherSide < 0 || thisCoordinators < 0 || otherCoordinators < 0
        || thisCoordinators > thisSide || otherCoordinators > otherSide) {
      throw new IllegalArgumentException("inconsistent sides: " + thisSide + "/" + thisCoordinators + " here, "
          + otherSide + "/" + otherCoordinators + " there");
    }
  }

  Outcome decide() {
    if (thisCoordinators > 0 && otherCoordinators == 0) {
      return Outcome.DOWN_UNREACHABLE;
    }
    if (thisCoordinators == 0 && otherCoordinators > 0) {
      return Outcome.DOWN_REACHABLE;
    }
    if (oldestHere) {
      return thisSide == 1 && otherSide >= 2 ? Outcome.DOWN_REACHABLE : Outcome.DOWN_UNREACHABLE;
    }
    return otherSide == 1 && thisSide >= 2 ? Outcome.DOWN_UNREACHABLE : Outcome.DOWN_REACHABLE;
  }
}
