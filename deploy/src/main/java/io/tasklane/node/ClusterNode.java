package io.tasklane.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tasklane.coordinator.CoordinatorGuardian;
import io.tasklane.coordinator.settings.CoordinatorConfig;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.worker.WorkerGuardian;
import io.tasklane.worker.cpu.CpuRunnerPool;
import io.tasklane.worker.cpu.RunnerCgroup;
import io.tasklane.worker.cpu.SessionPriority;
import io.tasklane.worker.rejoin.CoordinatorWatch;
import io.tasklane.worker.settings.CpuCgroupSetting;
import io.tasklane.worker.settings.CpuPriority;
import io.tasklane.worker.settings.WorkerConfig;
import io.tasklane.tls.NodeTls;
import io.tasklane.worker.settings.WorkerSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Starts one Tasklane node: an ActorSystem named {@code tasklane} with the given roles, the
 * coordinator and/or worker guardians, joined to the seeds (or to itself when it is the first).
 */
public final class ClusterNode {

  public static final String SYSTEM_NAME = "tasklane";
  public static final String WORKER_ROLE = "worker";
  /** Which programs the node's worker lets {@code exec} tasks run: off, all or a list. */
  public static final String EXEC_ALLOW = "tasklane.worker.exec.allow";
  /** The port of the node's own health endpoints (tasklane-node.conf); 0 = none. */
  public static final String HEALTH_PORT = "tasklane.node.health-port";

  /**
   * @param host address bound and announced
   * @param port Artery port (0 = any)
   * @param seeds {@code host:port} of nodes to join; empty = form a new cluster
   * @param settings extra config paths (e.g. the coordinator's HTTP port, token, data dir)
   * @param tls the node's TLS material, checked ({@code --tls-dir}); null for plain text
   */
  public record Options(String host, int port, List<String> seeds, Set<String> roles, Map<String, Object> settings,
      boolean exitJvmWhenDowned, NodeTls tls) {

    /** A plain-text node (loopback: {@code run}, {@code local up}, tests). */
    public Options(String host, int port, List<String> seeds, Set<String> roles, Map<String, Object> settings,
        boolean exitJvmWhenDowned) {
      this(host, port, seeds, roles, settings, exitJvmWhenDowned, null);
    }

    Optional<SSLContext> https() {
      return Optional.ofNullable(tls).map(NodeTls::sslContext);
    }
  }

  private final ActorSystem<Void> system;
  private final CompletableFuture<InetSocketAddress> httpBound;
  private final CompletableFuture<Void> healthBound;
  private final Optional<Rejoining> rejoining;

  private ClusterNode(ActorSystem<Void> system, CompletableFuture<InetSocketAddress> httpBound,
      CompletableFuture<Void> healthBound, Optional<Rejoining> rejoining) {
    this.system = system;
    this.httpBound = httpBound;
    this.healthBound = healthBound;
    this.rejoining = rejoining;
  }

  public static ClusterNode start(Options options) {
    Config config = config(options);
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    if (!options.roles().contains(CoordinatorGuardian.ROLE)) {
      bound.completeExceptionally(new IllegalStateException("not a coordinator"));
    }
    if (options.roles().contains(WORKER_ROLE)) {
      CpuPriority priority = CpuPriority.parse(config.getString("tasklane.worker.cpu.priority"));
      int nice = config.getInt("tasklane.worker.cpu.nice");
      boolean ownCgroup = RunnerCgroup.forThisProcess(priority, nice, CpuCgroupSetting.enabled(config),
          config.getDuration("tasklane.worker.cpu.starved-window"), config.getDuration("tasklane.worker.cpu.starved-hold"))
          .isPresent();
      if (!ownCgroup && !options.roles().contains(CoordinatorGuardian.ROLE) && priority != CpuPriority.NORMAL) {
        // no cgroup of the runners' own, a worker alone in its process: yield to the coordinator
        // across Linux autogroups too (the whole process, I/O lane included, yields)
        SessionPriority.yieldToOtherSessions(nice);
      }
    }
    Optional<Rejoining> rejoining = rejoining(options.roles(), config);
    ActorSystem<Void> system = ActorSystem.create(
        guardian(options.roles(), config, options.https(), bound, rejoining.isPresent()), SYSTEM_NAME, config);
    if (options.seeds().isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    int healthPort = config.getInt(HEALTH_PORT);
    CompletableFuture<Void> healthBound = healthPort > 0
        ? NodeHealth.serve(system, options.host(), healthPort, options.https())
        : CompletableFuture.completedFuture(null);
    return new ClusterNode(system, bound, healthBound, rejoining);
  }

  /**
   * How this node, once stopped to rejoin, downed, or unanswered by its seeds, is started again in
   * its process ({@link NodeRestart}); empty unless it is a worker alone in its process with
   * {@code rejoin-after} on.
   */
  Optional<Rejoining> rejoining() {
    return rejoining;
  }

  private static Optional<Rejoining> rejoining(Set<String> roles, Config config) {
    WorkerSettings settings = workerOnly(roles) ? WorkerSettings.fromConfig(config) : null;
    if (settings == null || !settings.rejoinAfter().isPositive()) {
      return Optional.empty();
    }
    return Optional.of(new Rejoining(config.getDuration(NodeRestart.JOIN_INTERVAL), settings.rejoinBackoffMax()));
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Completes once the health endpoints listen (at once without a health port), exceptionally if they cannot. */
  public CompletableFuture<Void> healthBound() {
    return healthBound;
  }

  /** Completes with the HTTP API's address once it listens (coordinator nodes only). */
  public CompletableFuture<InetSocketAddress> httpBound() {
    return httpBound;
  }

  static Config config(Options options) {
    Map<String, Object> overrides = new HashMap<>(options.settings());
    overrides.put("pekko.remote.artery.canonical.hostname", options.host());
    overrides.put("pekko.remote.artery.canonical.port", options.port());
    overrides.put("pekko.cluster.roles", new ArrayList<>(options.roles()));
    overrides.put("pekko.coordinated-shutdown.exit-jvm", options.exitJvmWhenDowned());
    if (options.tls() != null) {
      overrides.putAll(options.tls().arteryConfig()); // above any configuration: TLS is not half on
    }
    if (!options.seeds().isEmpty()) {
      List<String> seeds = new ArrayList<>();
      for (String seed : options.seeds()) {
        seeds.add("pekko://" + SYSTEM_NAME + "@" + seed.trim());
      }
      overrides.put("pekko.cluster.seed-nodes", seeds);
    }
    Config config = ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.defaultOverrides())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(roleDefaults(options.roles()))
        .withFallback(ConfigFactory.parseResources("tasklane-node.conf"))
        .withFallback(CoordinatorConfig.defaults())
        .withFallback(WorkerConfig.defaults())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    config = CoordinatorConfig.withJournal(config);
    config = WorkerConfig.withCpuDispatcherSized(config);
    return config.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(options.roles()));
  }

  /**
   * Defaults that differ by role. A worker alone in its process asks its seeds to let it in
   * every second instead of every five: workers usually start alongside their coordinator
   * (`local up`, a service manager), whose cluster forms a few seconds later, and a worker
   * turned away in that window waited the full timeout for its next try. The coordinator's own
   * timeout - how long a restarted coordinator, the first of its seeds, looks for the running
   * workers' cluster before it forms a new one - stays at Pekko's default. (A worker whose seeds
   * stay away logs Pekko's "Couldn't join seed nodes" warning each second rather than every five,
   * until {@link Rejoining} backs off.) Such a worker also sends its join again after 2 s instead
   * of 10 when it got no welcome: a fresh node of a worker that was removed (cut off, paused, or
   * whose coordinator paused) is refused once, while the coordinator removes its old incarnation,
   * and would otherwise be back 10 s after the coordinator could take it.
   * Below application.conf and -D in precedence: a user's setting wins.
   */
  static Config roleDefaults(Set<String> roles) {
    return roles.contains(WORKER_ROLE) && !roles.contains(CoordinatorGuardian.ROLE)
        ? ConfigFactory.parseString("""
            pekko.cluster.seed-node-timeout = 1s
            pekko.cluster.retry-unsuccessful-join-after = 2s
            """)
        : ConfigFactory.empty();
  }

  private static boolean workerOnly(Set<String> roles) {
    return roles.contains(WORKER_ROLE) && !roles.contains(CoordinatorGuardian.ROLE);
  }

  private static Behavior<Void> guardian(Set<String> roles, Config config, Optional<SSLContext> https,
      CompletableFuture<InetSocketAddress> bound, boolean rejoins) {
    return Behaviors.setup(context -> {
      if (roles.contains(CoordinatorGuardian.ROLE)) {
        context.spawn(CoordinatorGuardian.create(CoordinatorSettings.fromConfig(config), https, bound), "coordinator");
      }
      if (roles.contains(WORKER_ROLE)) {
        WorkerSettings settings = WorkerSettings.fromConfig(config);
        context.spawn(StartWhenUp.create(WorkerGuardian.create(settings), "worker"), "worker-when-up");
        if (rejoins) {
          context.spawn(CoordinatorWatch.create(settings.rejoinAfter(), Clock.systemUTC()), "coordinator-watch");
        }
      }
      return Behaviors.empty();
    });
  }
}
