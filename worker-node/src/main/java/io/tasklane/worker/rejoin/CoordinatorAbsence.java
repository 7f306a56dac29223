package io.tasklane.worker.rejoin;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * When a worker should give up on its cluster: it has been Up itself, and for {@code rejoinAfter}
 * no member with the coordinator role has been Up and reachable in it. Plain Java, fed by
 * {@link CoordinatorWatch} with membership and reachability changes and the time they were seen.
 * Members are named by their unique address, so a restarted coordinator on the same host and port
 * is a member of its own.
 */
public final class CoordinatorAbsence {

  private final Duration rejoinAfter;
  private final Set<String> upCoordinators = new HashSet<>();
  private final Set<String> unreachable = new HashSet<>();
  private boolean selfUp;
  private boolean draining;
  private Instant absentSince;

  /** @param rejoinAfter zero (or negative) = never rejoin */
  public CoordinatorAbsence(Duration rejoinAfter) {
    this.rejoinAfter = rejoinAfter;
  }

  public boolean enabled() {
    return rejoinAfter.isPositive();
  }

  /** This node became Up: from now on, a cluster without a reachable coordinator counts. */
  public void selfUp(Instant now) {
    selfUp = true;
    update(now);
  }

  /** A member changed status; {@code up} = its status is Up now. */
  public void member(String member, boolean coordinator, boolean up, Instant now) {
    if (coordinator && up) {
      upCoordinators.add(member);
    } else {
      upCoordinators.remove(member);
    }
    if (!up) {
      unreachable.remove(member);
    }
    update(now);
  }

  public void unreachable(String member, Instant now) {
    unreachable.add(member);
    update(now);
  }

  public void reachable(String member, Instant now) {
    unreachable.remove(member);
    update(now);
  }

  /** The node is shutting down (SIGTERM drain, asked to leave): it must end, not rejoin. */
  public void draining() {
    draining = true;
  }

  /** How long no coordinator has been reachable; empty while one is (or this node is not Up yet). */
  public Optional<Duration> absentFor(Instant now) {
    return Optional.ofNullable(absentSince).map(since -> Duration.between(since, now));
  }

  /** Whether to stop this node now and start a fresh one that joins the seeds again. */
  public boolean shouldRejoin(Instant now) {
    return enabled() && !draining && absentFor(now).filter(absent -> absent.compareTo(rejoinAfter) >= 0).isPresent();
  }

  private void update(Instant now) {
    boolean reachableCoordinator = upCoordinators.stream().anyMatch(member -> !unreachable.contains(member));
    if (!selfUp || reachableCoordinator) {
      absentSince = null;
    } else if (absentSince == null) {
      absentSince = now;
    }
  }
}
