package io.tasklane.node.downing;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.Member$;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.sbr.DowningStrategy;
import org.apache.pekko.util.Version;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link KeepCoordinators} fed the way Pekko's resolver feeds it (members Up in age order,
 * unreachable ones), and the provider started in a real cluster node: this uses Pekko's internal
 * resolver classes, so a Pekko upgrade that changes them fails here first.
 */
class KeepCoordinatorsTest {

  private static final String DC = "default";

  @Test
  void workersDownThemselvesWhenTheirOnlyCoordinatorIsUnreachable() {
    Member coordinator = member(1, "coordinator");
    Member first = member(2, "worker");
    Member second = member(3, "worker");
    KeepCoordinators seenByAWorker = strategy(first, coordinator, first, second);
    seenByAWorker.addUnreachable(coordinator);
    assertThat(seenByAWorker.decide()).isEqualTo(DowningStrategy.DownReachable$.MODULE$);

    KeepCoordinators seenByTheCoordinator = strategy(coordinator, coordinator, first, second);
    seenByTheCoordinator.addUnreachable(first);
    seenByTheCoordinator.addUnreachable(second);
    assertThat(seenByTheCoordinator.decide()).isEqualTo(DowningStrategy.DownUnreachable$.MODULE$);
  }

  @Test
  void theSecondCoordinatorTakesOverWhenTheOldestIsLostAlone() {
    Member oldest = member(1, "coordinator");
    Member next = member(2, "coordinator");
    Member worker = member(3, "worker");
    KeepCoordinators seenByTheNext = strategy(next, oldest, next, worker);
    seenByTheNext.addUnreachable(oldest);
    assertThat(seenByTheNext.decide()).isEqualTo(DowningStrategy.DownUnreachable$.MODULE$);
    KeepCoordinators seenByTheOldest = strategy(oldest, oldest, next, worker);
    seenByTheOldest.addUnreachable(next);
    seenByTheOldest.addUnreachable(worker);
    assertThat(seenByTheOldest.decide()).isEqualTo(DowningStrategy.DownReachable$.MODULE$);
  }

  @Test
  void pekkoStartsTheResolverWithThisProvider() throws Exception {
    ActorSystem system = ActorSystem.create("downing", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.loglevel = WARNING
        pekko.cluster.downing-provider-class = "io.tasklane.node.downing.TasklaneDowning"
        pekko.cluster.split-brain-resolver.stable-after = 3s
        """).withFallback(ConfigFactory.load()));
    try {
      org.apache.pekko.cluster.Cluster cluster = org.apache.pekko.cluster.Cluster.get(system);
      assertThat(cluster.downingProvider()).isInstanceOf(TasklaneDowning.class);
      assertThat(cluster.downingProvider().downRemovalMargin().toSeconds()).isEqualTo(3);
      assertThat(cluster.downingProvider().downingActorProps().isDefined()).isTrue();
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static KeepCoordinators strategy(Member self, Member... members) {
    KeepCoordinators strategy = new KeepCoordinators(DC, self.uniqueAddress());
    for (Member member : members) {
      strategy.add(member);
    }
    return strategy;
  }

  /** An Up member on port {@code 2550 + age}, the {@code age}-th to become Up. */
  private static Member member(int age, String role) {
    UniqueAddress address = new UniqueAddress(new Address("pekko", "tasklane", "127.0.0.1", 2550 + age), (long) age);
    @SuppressWarnings("unchecked")
    scala.collection.immutable.Set<String> roles =
        (scala.collection.immutable.Set<String>) (Object) CollectionConverters.asScala(java.util.Set.of(role, "dc-" + DC)).toSet();
    return Member$.MODULE$.apply(address, roles, Version.Zero()).copyUp(age);
  }
}
