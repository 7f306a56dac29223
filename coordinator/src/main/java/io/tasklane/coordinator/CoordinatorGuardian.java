package io.tasklane.coordinator;

import io.tasklane.coordinator.connections.ConnectionLimits;
import io.tasklane.coordinator.connections.GuardedServer;
import io.tasklane.coordinator.dispatch.LaneBroker;
import io.tasklane.coordinator.dispatch.ResultRouter;
import io.tasklane.coordinator.dashboard.DashboardSettings;
import io.tasklane.coordinator.http.HttpApi;
import io.tasklane.coordinator.index.IndexWriter;
import io.tasklane.coordinator.index.JobIndex;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.coordinator.plugin.PluginSettings;
import io.tasklane.coordinator.plugin.PluginStore;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.plugin.PluginProtocol;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Starts the coordinator role: the journal's tables, the result router, the lane broker (a
 * cluster singleton), job sharding, then the HTTP API. {@code bound} completes with the HTTP
 * address once it listens (or exceptionally if it cannot).
 */
public final class CoordinatorGuardian {

  public static final String ROLE = "coordinator";

  private sealed interface Command {}

  private record SchemaReady(Throwable failure) implements Command {}

  private enum Wake {
    INSTANCE
  }

  private record Bound(ServerBinding binding, Throwable failure, boolean https) implements Command {}

  private CoordinatorGuardian() {}

  public static Behavior<Void> create(CoordinatorSettings settings, CompletableFuture<InetSocketAddress> bound) {
    return create(settings, Optional.empty(), bound);
  }

  /**
   * @param https the TLS material to serve the API over HTTPS with (the node's {@code --tls-dir});
   *     empty for plain HTTP
   */
  public static Behavior<Void> create(
      CoordinatorSettings settings, Optional<SSLContext> https, CompletableFuture<InetSocketAddress> bound) {
    return Behaviors.setup(context -> {
      context.spawn(starter(settings, https, bound), "startup");
      return Behaviors.empty();
    });
  }

  private static Behavior<Command> starter(
      CoordinatorSettings settings, Optional<SSLContext> https, CompletableFuture<InetSocketAddress> bound) {
    return Behaviors.setup(context -> {
      context.pipeToSelf(JournalSchema.createIfMissing(context.getSystem()),
          (Done done, Throwable failure) -> new SchemaReady(failure));
      return Behaviors.receive(Command.class)
          .onMessage(SchemaReady.class, ready -> onSchemaReady(context, settings, https, bound, ready))
          .onMessage(Bound.class, b -> onBound(context, settings, bound, b))
          .build();
    });
  }

  private static Behavior<Command> onSchemaReady(
      ActorContext<Command> context,
      CoordinatorSettings settings,
      Optional<SSLContext> https,
      CompletableFuture<InetSocketAddress> bound,
      SchemaReady ready) {
    if (ready.failure() != null) {
      context.getLog().error("Cannot prepare the journal: {}", ready.failure().toString());
      bound.completeExceptionally(ready.failure());
      context.getSystem().terminate();
      return Behaviors.stopped();
    }
    var system = context.getSystem();
    ActorRef<ResultProtocol.Command> router = context.spawn(ResultRouter.create(settings), "results");
    ActorRef<JobIndexProtocol.Command> indexWriter =
        context.spawn(IndexWriter.create(settings), "index-writer");
    ActorRef<BrokerProtocol.Command> broker = ClusterSingleton.get(system).init(
        SingletonActor.of(LaneBroker.create(settings), "lane-broker")
            .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    // The jobs first: the index's wake addresses them (by their type key, which must be started);
    // a job looks the index up only when it needs it.
    ClusterSharding.get(system).init(
        Entity.of(JobEntity.TYPE_KEY,
                entity -> JobEntity.create(entity.getEntityId(), entity.getShard(), broker, router, indexWriter,
                    () -> ClusterSharding.get(system).entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID),
                    settings))
            .withRole(ROLE));
    ClusterSharding.get(system).init(
        Entity.of(JobIndex.TYPE_KEY, entity -> JobIndex.create(entity.getEntityId(), settings)).withRole(ROLE));
    // Every unfinished job is woken now and then: after a coordinator restarts, or after a node
    // holding jobs died and their shards moved, each job recovers from the journal and asks for
    // workers again. (Cheaper than remembered entities, which journal every job's start.)
    context.spawn(Behaviors.<Wake>withTimers(timers -> {
      timers.startTimerWithFixedDelay(Wake.INSTANCE, java.time.Duration.ZERO, settings.wakeInterval());
      return Behaviors.receiveMessage(wake -> {
        ClusterSharding.get(system).entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID)
            .tell(JobIndexProtocol.WakeUnfinished.INSTANCE);
        return Behaviors.same();
      });
    }), "wake-unfinished");
    // The plugins kept in the journal, delivered to every worker (one store per cluster).
    PluginSettings pluginSettings = PluginSettings.fromConfig(system.settings().config(), settings.maxMessageBytes());
    ActorRef<PluginProtocol.Command> plugins = ClusterSingleton.get(system).init(
        SingletonActor.of(PluginStore.create(pluginSettings), "plugin-store")
            .withSettings(ClusterSingletonSettings.create(system).withRole(ROLE)));
    HttpApi api = new HttpApi(system, settings, broker, indexWriter, pluginSettings, plugins,
        DashboardSettings.fromConfig(system.settings().config()), bound, https);
    ServerBuilder server = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort());
    if (https.isPresent()) {
      server = server.enableHttps(ConnectionContext.httpsServer(https.get()));
    }
    boolean secure = https.isPresent();
    context.pipeToSelf(
        GuardedServer.bind(system, server, ConnectionLimits.fromConfig(system.settings().config()), api.routes(),
            api::authenticated),
        (binding, failure) -> new Bound(binding, failure, secure));
    return Behaviors.same();
  }

  private static Behavior<Command> onBound(
      ActorContext<Command> context,
      CoordinatorSettings settings,
      CompletableFuture<InetSocketAddress> bound,
      Bound b) {
    if (b.failure() != null) {
      context.getLog().error("Cannot serve the HTTP API on {}:{}: {}",
          settings.httpHost(), settings.httpPort(), b.failure().toString());
      bound.completeExceptionally(b.failure());
      context.getSystem().terminate();
      return Behaviors.stopped();
    }
    InetSocketAddress address = b.binding().localAddress();
    String scheme = b.https() ? "https" : "http";
    context.getLog().info("HTTP API on {}://{}:{}/api, the dashboard at {}://{}:{}/", scheme, address.getHostString(),
        address.getPort(), scheme, address.getHostString(), address.getPort());
    bound.complete(address);
    return Behaviors.same();
  }
}
