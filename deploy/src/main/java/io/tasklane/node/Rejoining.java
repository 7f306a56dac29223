package io.tasklane.node;

import java.time.Duration;

/**
 * How a worker alone in its process that rejoins ({@code tasklane.worker.rejoin-after} on) asks
 * its seeds to let it in: every {@code joinInterval} ({@code pekko.cluster.seed-node-timeout} of
 * its node) until its join window ends; then a fresh node asks half as often, at most every
 * {@code backoffMax}. Never giving up is the point: a host cut off for an hour is back within one
 * interval of the network healing, without a supervisor. Backing off keeps such a worker from
 * filling its log (Pekko warns at each unanswered attempt) and knocking at the seeds every second
 * for hours.
 *
 * @param joinInterval this node's interval between join attempts
 * @param backoffMax {@code tasklane.worker.rejoin-backoff-max}
 */
record Rejoining(Duration joinInterval, Duration backoffMax) {

  Rejoining {
    if (!joinInterval.isPositive() || !backoffMax.isPositive()) {
      throw new IllegalArgumentException("join interval and rejoin-backoff-max must be positive, not "
          + joinInterval + " and " + backoffMax);
    }
  }

  /** The next fresh node's interval: twice this one's, at most {@code backoffMax}, never shorter than this one's. */
  Duration nextJoinInterval() {
    Duration doubled = joinInterval.multipliedBy(2);
    Duration capped = doubled.compareTo(backoffMax) > 0 ? backoffMax : doubled;
    return capped.compareTo(joinInterval) < 0 ? joinInterval : capped;
  }
}
