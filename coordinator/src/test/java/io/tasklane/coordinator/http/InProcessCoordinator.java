package io.tasklane.coordinator.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.CoordinatorGuardian;
import io.tasklane.coordinator.settings.CoordinatorConfig;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.coordinator.dispatch.LaneBroker;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.LaneChoice;
import java.net.InetSocketAddress;
import java.util.Map;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A whole coordinator in the test's JVM: a one-node cluster on a free port, its journal in an
 * in-memory H2 database of its own (no file left behind), the HTTP API on a free port. No
 * worker: an idle lane offers {@code noop} and {@code sleep} and never takes a task, so jobs are
 * parsed, checked and accepted, and stay running.
 */
final class InProcessCoordinator implements AutoCloseable {

  static final String TOKEN = "in-process-token";

  private final ActorSystem<Void> system;
  private final InetSocketAddress address;

  private InProcessCoordinator(ActorSystem<Void> system, InetSocketAddress address) {
    this.system = system;
    this.address = address;
  }

  static InProcessCoordinator start() throws Exception {
    Config config = ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.remote.artery.advanced.maximum-frame-size = 4 MiB
            pekko.cluster.roles = [coordinator]
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            tasklane.coordinator.http.port = 0
            tasklane.coordinator.http.token = "%s"
            tasklane.coordinator.data-dir = ""
            tasklane.jdbc.db.url = "jdbc:h2:mem:%s;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false"
            """.formatted(TOKEN, "fuzz-" + UUID.randomUUID()))
        .withFallback(CoordinatorConfig.defaults())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    config = CoordinatorConfig.withJournal(config);
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(
        CoordinatorGuardian.create(CoordinatorSettings.fromConfig(config), bound), "in-process", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    try {
      InetSocketAddress address = bound.get(90, TimeUnit.SECONDS);
      offerTypes(system, CoordinatorSettings.fromConfig(config));
      return new InProcessCoordinator(system, address);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * A lane that offers {@code noop} (any input) and {@code sleep} ({@code {ms}}, an integer >= 0)
   * and never asks for a task: jobs of those types are accepted and stay running.
   */
  private static void offerTypes(ActorSystem<Void> system, CoordinatorSettings settings) {
    ActorRef<BrokerProtocol.Command> broker = ClusterSingleton.get(system).init(
        SingletonActor.of(LaneBroker.create(settings), "lane-broker")
            .withSettings(ClusterSingletonSettings.create(system).withRole(CoordinatorGuardian.ROLE)));
    ActorRef<LaneProtocol.Command> lane = system.systemActorOf(Behaviors.ignore(), "idle-lane", Props.empty());
    Map<String, TypeOffer> types = Map.of(
        "noop", new TypeOffer("noop", LaneChoice.IO, Lane.IO, InputSchema.any().toJson().toString(), "built-in", ""),
        "sleep", new TypeOffer("sleep", LaneChoice.IO, Lane.IO,
            InputSchema.object().required("ms", InputSchema.integer().minimum(0)).toJson().toString(), "built-in", ""));
    broker.tell(new BrokerProtocol.RegisterLane("127.0.0.1:1", Lane.IO, 1, types, lane));
  }

  String base() {
    return "http://127.0.0.1:" + address.getPort();
  }

  int port() {
    return address.getPort();
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
  }
}
