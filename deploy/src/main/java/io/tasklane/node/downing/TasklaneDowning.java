package io.tasklane.node.downing;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.DowningProvider;
import org.apache.pekko.cluster.sbr.SplitBrainResolver;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * {@code pekko.cluster.downing-provider-class} of every Tasklane node: Pekko's Split Brain
 * Resolver, configured as usual under {@code pekko.cluster.split-brain-resolver} (its
 * {@code stable-after}, {@code down-all-when-unstable}), deciding with {@link KeepCoordinators}.
 * Pekko 1.x has no public API for a strategy of one's own; this uses its internal resolver classes,
 * checked against each Pekko upgrade by {@code TasklaneDowningTest} and the pause tests.
 */
public final class TasklaneDowning extends DowningProvider {

  private final ActorSystem system;

  public TasklaneDowning(ActorSystem system) {
    this.system = system;
  }

  @Override
  public FiniteDuration downRemovalMargin() {
    FiniteDuration margin = Cluster.get(system).settings().DownRemovalMargin();
    return margin.length() != 0 ? margin : stableAfter();
  }

  @Override
  public Option<Props> downingActorProps() {
    Cluster cluster = Cluster.get(system);
    return Option.apply(SplitBrainResolver.props(stableAfter(),
        new KeepCoordinators(cluster.selfDataCenter(), cluster.selfUniqueAddress())));
  }

  private FiniteDuration stableAfter() {
    return FiniteDuration.fromNanos(
        system.settings().config().getDuration("pekko.cluster.split-brain-resolver.stable-after").toNanos());
  }
}
