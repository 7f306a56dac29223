package io.tasklane.node.downing;

import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.sbr.DowningStrategy;
import scala.Option;
import scala.collection.immutable.SortedSet;
import scala.math.Ordering;

/**
 * The Split Brain Resolver strategy of a Tasklane node ({@link Sides}): Pekko's resolver actor
 * (stable-after, indirectly connected nodes, down-all-when-unstable, a node quarantined by a
 * member downing itself) with this decision in place of keep-oldest's. Members are ordered by age,
 * oldest first, as keep-oldest orders them.
 */
final class KeepCoordinators extends DowningStrategy {

  static final String COORDINATOR_ROLE = "coordinator";

  KeepCoordinators(String selfDc, UniqueAddress self) {
    super(selfDc, self);
  }

  @Override
  public Ordering<Member> ordering() {
    return Member.ageOrdering();
  }

  @Override
  public Option<String> role() {
    return Option.empty();
  }

  @Override
  public DowningStrategy.Decision decide() {
    if (hasIndirectlyConnected()) {
      return DowningStrategy.DownIndirectlyConnected$.MODULE$;
    }
    if (members().isEmpty()) {
      return DowningStrategy.DownAll$.MODULE$;
    }
    Sides.Outcome outcome = sides(false, false).decide();
    if (outcome == Sides.Outcome.DOWN_UNREACHABLE
        && sides(true, true).decide() != Sides.Outcome.DOWN_UNREACHABLE) {
      // a membership change under way during the partition (Joining or WeaklyUp members that may be
      // Up on the other side, Leaving ones that may be Exiting there) flips the outcome: as
      // keep-oldest does, down all rather than risk two sides that both stay
      return DowningStrategy.DownAll$.MODULE$;
    }
    return outcome == Sides.Outcome.DOWN_UNREACHABLE
        ? DowningStrategy.DownUnreachable$.MODULE$
        : DowningStrategy.DownReachable$.MODULE$;
  }

  private Sides sides(boolean includingPossiblyUp, boolean excludingPossiblyExiting) {
    SortedSet<Member> all = members(includingPossiblyUp, excludingPossiblyExiting);
    SortedSet<Member> here = reachableMembers(includingPossiblyUp, excludingPossiblyExiting);
    SortedSet<Member> there = unreachableMembers(includingPossiblyUp, excludingPossiblyExiting);
    Option<Member> oldestCoordinator = all.find(member -> member.hasRole(COORDINATOR_ROLE));
    Option<Member> oldest = oldestCoordinator.isDefined() ? oldestCoordinator : all.headOption();
    boolean oldestHere = oldest.isDefined() && !unreachable(oldest.get());
    return new Sides(here.size(), there.size(), here.count(member -> member.hasRole(COORDINATOR_ROLE)),
        there.count(member -> member.hasRole(COORDINATOR_ROLE)), oldestHere);
  }
}
