package io.tasklane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

class StartWhenUpTest {

  private static final Config CLUSTER = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = "127.0.0.1"
      pekko.remote.artery.canonical.port = 0
      pekko.loglevel = WARNING
      """).withFallback(ConfigFactory.load());

  @Test
  void theChildStartsOnlyOnceTheNodeIsUp() throws Exception {
    CompletableFuture<MemberStatus> started = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
      context.spawn(StartWhenUp.create(Behaviors.setup(child -> {
        started.complete(Cluster.get(child.getSystem()).selfMember().status());
        return Behaviors.empty();
      }), "child"), "child-when-up");
      return Behaviors.empty();
    }), "start-when-up", CLUSTER);
    try {
      // Not joined yet: no child. (A child started at once would also see a status other than Up.)
      assertThat(Cluster.get(system).selfMember().status()).isNotEqualTo(MemberStatus.up());
      assertThat(started).as("started before the node joined").isNotDone();
      Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
      // The child saw the node Up, or a view of it not yet updated: the typed Cluster's selfMember
      // follows the cluster's events through a subscriber of its own, which may get SelfUp after
      // StartWhenUp did (it read Removed, its initial value, once in two module runs)
      MemberStatus seen = started.get(30, TimeUnit.SECONDS);
      assertThat(seen).isIn(MemberStatus.up(), MemberStatus.removed());
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> Cluster.get(system).selfMember().status().equals(MemberStatus.up()));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
