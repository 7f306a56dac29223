package io.tasklane.node;

import io.tasklane.worker.rejoin.RejoinReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Whether a node whose actor system terminated starts again in the same process, and how: a worker
 * alone in its process that stopped to rejoin its seeds ({@link RejoinReason}) or that the cluster
 * removed (downed) starts a fresh node on the same host, port and config. Anything else (SIGTERM,
 * leaving, seeds never reached, a coordinator) ends the process, as does {@code rejoin-after = off}.
 *
 * @param why for the log
 * @param options the fresh node's: the first node's, without seeds known to be in the stale cluster
 */
record NodeRestart(String why, ClusterNode.Options options) {

  static Optional<NodeRestart> after(ClusterNode.Options first, boolean rejoins, Optional<CoordinatedShutdown.Reason> reason,
      boolean jvmStopping) {
    if (!rejoins || jvmStopping || reason.isEmpty()) {
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
    return Optional.empty();
  }

  private static ClusterNode.Options withSeeds(ClusterNode.Options options, List<String> seeds) {
    return new ClusterNode.Options(options.host(), options.port(), List.copyOf(seeds), options.roles(), options.settings(),
        options.exitJvmWhenDowned(), options.tls());
  }
}
