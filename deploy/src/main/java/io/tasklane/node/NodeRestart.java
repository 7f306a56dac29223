package io.tasklane.node;

import io.tasklane.worker.rejoin.RejoinReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Whether a node whose actor system terminated starts again in the same process, and how: a worker
 * alone in its process that stopped to rejoin its seeds ({@link RejoinReason}) or that the cluster
 * removed (downed) starts a fresh node on the same host, port and config; one whose seeds did not
 * answer within its join window starts a fresh node that asks them less often ({@link Rejoining}).
 * Anything else (SIGTERM, leaving, a coordinator) ends the process, as does
 * {@code rejoin-after = off}.
 *
 * @param why for the log
 * @param options the fresh node's: the first node's, without seeds known to be in the stale cluster,
 *     or with a longer interval between join attempts
 */
record NodeRestart(String why, ClusterNode.Options options) {

  /** The setting a fresh node's longer interval between join attempts goes to. */
  static final String JOIN_INTERVAL = "pekko.cluster.seed-node-timeout";

  /**
   * @param first the options the process started its first node with
   * @param rejoining how the node that terminated rejoins; empty = it does not (a coordinator, or rejoin-after off)
   */
  static Optional<NodeRestart> after(ClusterNode.Options first, Optional<Rejoining> rejoining,
      Optional<CoordinatedShutdown.Reason> reason, boolean jvmStopping) {
    if (rejoining.isEmpty() || jvmStopping || reason.isEmpty()) {
      return Optional.empty();
    }
    if (reason.get() instanceof RejoinReason rejoin) {
      List<String> seeds = new ArrayList<>(first.seeds());
      seeds.removeAll(rejoin.staleSeeds());
      return Optional.of(new NodeRestart(rejoin.why(), withSeeds(first, seeds.isEmpty() ? first.seeds() : seeds)));
    }
    if (reason.get().equals(CoordinatedShutdown.clusterDowningReason())) {
      return Optional.of(new NodeRestart("removed from the cluster (downed)", first));
    }
    if (reason.get().equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())) {
      Duration next = rejoining.get().nextJoinInterval();
      return Optional.of(new NodeRestart("seeds did not answer within the join window; asking every "
          + seconds(next) + " from now", withJoinInterval(first, next)));
    }
    return Optional.empty();
  }

  private static ClusterNode.Options withSeeds(ClusterNode.Options options, List<String> seeds) {
    return new ClusterNode.Options(options.host(), options.port(), List.copyOf(seeds), options.roles(), options.settings(),
        options.exitJvmWhenDowned(), options.tls());
  }

  private static ClusterNode.Options withJoinInterval(ClusterNode.Options options, Duration interval) {
    Map<String, Object> settings = new HashMap<>(options.settings());
    settings.put(JOIN_INTERVAL, interval.toMillis() + "ms");
    return new ClusterNode.Options(options.host(), options.port(), options.seeds(), options.roles(), Map.copyOf(settings),
        options.exitJvmWhenDowned(), options.tls());
  }

  private static String seconds(Duration interval) {
    return interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
  }
}
