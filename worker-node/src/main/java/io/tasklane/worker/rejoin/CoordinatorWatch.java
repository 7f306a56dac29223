package io.tasklane.worker.rejoin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Watches a worker node's cluster for a reachable coordinator. When none has been Up and
 * reachable for {@code tasklane.worker.rejoin-after} (see {@link CoordinatorAbsence}), it stops
 * the node with a {@link RejoinReason}; the launcher then starts a fresh node that joins the seeds
 * again. Typical cause: the coordinator restarted and formed a new cluster without its workers.
 */
public final class CoordinatorWatch extends AbstractBehavior<CoordinatorWatch.Command> {

  public static final String COORDINATOR_ROLE = "coordinator";
  private static final Duration TICK = Duration.ofSeconds(1);

  /** Messages private to this actor: cluster events through adapters, and the clock's tick. */
  public sealed interface Command {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final CoordinatorAbsence absence;
  private final Clock clock;
  private final Cluster cluster;

  private CoordinatorWatch(ActorContext<Command> context, CoordinatorAbsence absence, Clock clock) {
    super(context);
    this.absence = absence;
    this.clock = clock;
    this.cluster = Cluster.get(context.getSystem());
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
        ClusterEvent.ReachabilityEvent.class));
  }

  public static Behavior<Command> create(Duration rejoinAfter, Clock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      return new CoordinatorWatch(context, new CoordinatorAbsence(rejoinAfter), clock);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onMemberChanged(MemberChanged changed) {
    Member member = changed.event().member();
    boolean up = member.status() == MemberStatus.up();
    absence.member(member.uniqueAddress().toString(), member.hasRole(COORDINATOR_ROLE), up, clock.instant());
    if (up && member.uniqueAddress().equals(cluster.selfMember().uniqueAddress())) {
      absence.selfUp(clock.instant());
    }
    return this;
  }

  private Behavior<Command> onReachabilityChanged(ReachabilityChanged changed) {
    String member = changed.event().member().uniqueAddress().toString();
    if (changed.event() instanceof ClusterEvent.UnreachableMember) {
      absence.unreachable(member, clock.instant());
    } else {
      absence.reachable(member, clock.instant());
    }
    return this;
  }

  private Behavior<Command> onTick() {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(getContext().getSystem());
    if (shutdown.getShutdownReason().isPresent()) {
      absence.draining();
    }
    if (!absence.shouldRejoin(clock.instant())) {
      return this;
    }
    long seconds = absence.absentFor(clock.instant()).orElseThrow().toSeconds();
    List<String> seeds = seeds();
    List<String> stale = staleSeeds(seeds);
    String why = "no coordinator reachable for " + seconds + " s";
    getContext().getLog().warn("{}: stopping this node to start a fresh one that rejoins seeds {}{}", why, seeds,
        stale.isEmpty() ? "" : " (skipping " + stale + ", members of this coordinator-less cluster)");
    shutdown.runAll(new RejoinReason(why, stale));
    return Behaviors.ignore();
  }

  /** The configured seeds as {@code host:port}. */
  private List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    for (Address seed : CollectionConverters.asJava(
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(getContext().getSystem())).settings().SeedNodes())) {
      seeds.add(hostPort(seed));
    }
    return seeds;
  }

  /** Seeds that are reachable Up members of this cluster (other than this node): no way back to a coordinator. */
  private List<String> staleSeeds(List<String> seeds) {
    ClusterEvent.CurrentClusterState state = cluster.state();
    Set<Address> unreachable = new HashSet<>();
    state.getUnreachable().forEach(member -> unreachable.add(member.address()));
    String self = hostPort(cluster.selfMember().address());
    List<String> stale = new ArrayList<>();
    for (Member member : state.getMembers()) {
      String address = hostPort(member.address());
      if (member.status() == MemberStatus.up() && !unreachable.contains(member.address())
          && !address.equals(self) && seeds.contains(address)) {
        stale.add(address);
      }
    }
    return stale;
  }

  private static String hostPort(Address address) {
    return address.getHost().orElse("") + ":" + address.getPort().map(String::valueOf).orElse("");
  }
}
