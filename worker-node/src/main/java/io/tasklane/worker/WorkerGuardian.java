package io.tasklane.worker;

import com.typesafe.config.Config;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.worker.cpu.CpuLane;
import io.tasklane.worker.io.IoLane;
import io.tasklane.worker.plugin.PluginSync;
import io.tasklane.worker.plugin.PluginSyncSettings;
import io.tasklane.worker.rejoin.RejoinReason;
import io.tasklane.worker.settings.WorkerConfig;
import io.tasklane.worker.settings.WorkerSettings;
import io.tasklane.worker.task.Drain;
import io.tasklane.worker.task.ExecHandler;
import io.tasklane.worker.auto.Measuring;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.LaneSetup;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The worker role of a node: loads the task types, creates the node's HTTP client, spawns the
 * I/O lane and the CPU lane (restarted with backoff if they crash) and the plugin sync (the
 * coordinator's plugins), and drains the lanes when the node shuts down (coordinated shutdown,
 * phase before-service-unbind).
 */
public final class WorkerGuardian extends AbstractBehavior<Void> {

  private static final String DRAIN_PHASE = CoordinatedShutdown.PhaseBeforeServiceUnbind();
  private static final String FRAME_SIZE = "pekko.remote.artery.advanced.maximum-frame-size";

  private final HttpClient httpClient;
  private final Cancellable drainTask;

  private WorkerGuardian(
      ActorContext<Void> context, WorkerSettings settings, HandlerRegistry registry) {
    super(context);
    String worker = workerName(context.getSystem());
    this.httpClient = HttpClient.newBuilder()
        .connectTimeout(settings.httpConnectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tasklane-http-", 0).factory()))
        .build();
    warnIfLimitsMisfit(settings);
    ActorSystem<Void> system = context.getSystem();
    // registered before the lanes exist: a shutdown that starts while they register (they tell
    // the broker at once) still drains them
    AtomicReference<List<ActorRef<LaneProtocol.Command>>> spawned = new AtomicReference<>(List.of());
    this.drainTask = CoordinatedShutdown.get(system)
        .addCancellableTask(DRAIN_PHASE, "tasklane-worker-drain", () -> drain(system, spawned.get()));
    // one for both lanes: a type is measured wherever it runs, and both lanes offer its choice
    Measuring measuring = LaneSetup.measuring(settings, registry);
    List<ActorRef<LaneProtocol.Command>> lanes = List.of(
        context.spawn(supervised(IoLane.create(settings, worker, registry, httpClient, measuring), settings), "io-lane"),
        context.spawn(supervised(CpuLane.create(settings, worker, registry, httpClient, measuring), settings), "cpu-lane"));
    spawned.set(lanes);
    // plugins the coordinator keeps: fetched, loaded and put into the registry as they come and go
    context.spawn(PluginSync.create(PluginSyncSettings.fromConfig(system.settings().config()), registry, lanes, worker),
        "plugin-sync");
    context.getLog().info(
        "Worker {} started: io lane {} in flight, cpu lane {} runners, types {}, exec allowed: {}",
        worker, settings.ioMaxInFlight(), settings.cpuRunners(), registry.catalog().keySet(), settings.exec().allow());
  }

  /** The worker with the built-in task types and the plugins found in {@code plugin-dir}. */
  public static Behavior<Void> create(WorkerSettings settings) {
    return Behaviors.setup(context -> new WorkerGuardian(context, settings, HandlerRegistry.load(
        settings.pluginDir(), new ExecHandler(settings.exec(), workerName(context.getSystem())))));
  }

  /** The worker with exactly the task types of {@code registry}. */
  public static Behavior<Void> create(WorkerSettings settings, HandlerRegistry registry) {
    return Behaviors.setup(context -> new WorkerGuardian(context, settings, registry));
  }

  @Override
  public Receive<Void> createReceive() {
    return newReceiveBuilder().onSignal(PostStop.class, this::onPostStop).build();
  }

  private Behavior<Void> onPostStop(PostStop stopped) {
    drainTask.cancel();
    httpClient.shutdownNow();
    return this;
  }

  /**
   * The shutdown task: asks every lane to drain and completes when all answered. A node downed
   * by the cluster skips it: it can no longer deliver, and its tasks are requeued already; so does
   * a node stopped to rejoin: no coordinator is there to take its results.
   */
  private static CompletionStage<Done> drain(ActorSystem<Void> system, List<ActorRef<LaneProtocol.Command>> lanes) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    if (shutdown.getShutdownReason().filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent()) {
      system.log().info("Worker: node downed, no drain");
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    if (shutdown.getShutdownReason().filter(RejoinReason.class::isInstance).isPresent()) {
      system.log().info("Worker: node stopped to rejoin its seeds, no drain");
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Duration timeout = Duration.ofNanos(shutdown.timeout(DRAIN_PHASE).toNanos());
    CompletionStage<Done> all = CompletableFuture.completedFuture(Done.getInstance());
    for (ActorRef<LaneProtocol.Command> lane : lanes) {
      all = all.thenCombine(AskPattern.ask(lane, Drain::new, timeout, system.scheduler()), (done, drained) -> done);
    }
    return all;
  }

  /** {@code host:port} of this cluster node; the system's name when it is not clustered. */
  static String workerName(ActorSystem<?> system) {
    String provider = system.settings().config().getString("pekko.actor.provider");
    if (!"cluster".equals(provider) && !provider.endsWith("ClusterActorRefProvider")) {
      return system.name();
    }
    Address address = Cluster.get(system).selfMember().address();
    if (address.getHost().isEmpty() || address.getPort().isEmpty()) {
      return system.name();
    }
    return address.getHost().get() + ":" + address.getPort().get();
  }

  private static Behavior<LaneProtocol.Command> supervised(
      Behavior<LaneProtocol.Command> lane, WorkerSettings settings) {
    return Behaviors.supervise(lane)
        .onFailure(SupervisorStrategy.restartWithBackoff(
            settings.laneRestartMinBackoff(), settings.laneRestartMaxBackoff(), settings.laneRestartRandomFactor()));
  }

  private void warnIfLimitsMisfit(WorkerSettings settings) {
    Config config = getContext().getSystem().settings().config();
    if (config.hasPath(FRAME_SIZE)) {
      long frame = config.getBytes(FRAME_SIZE);
      if (settings.resultBatchMaxBytes() >= frame || settings.maxOutputBytes() >= frame) {
        getContext().getLog().warn(
            "tasklane.worker.results.batch-max-bytes ({}) and max-output-bytes ({}) should be well below {} ({}): "
                + "Artery drops bigger messages", settings.resultBatchMaxBytes(), settings.maxOutputBytes(), FRAME_SIZE, frame);
      }
    }
    Duration phase = Duration.ofNanos(CoordinatedShutdown.get(getContext().getSystem()).timeout(DRAIN_PHASE).toNanos());
    if (phase.compareTo(settings.drainTimeout().plus(settings.drainResultsTimeout())) <= 0) {
      getContext().getLog().warn(
          "pekko.coordinated-shutdown.phases.{}.timeout ({}) is not above tasklane.worker.drain-timeout ({}) plus "
              + "drain-results-timeout ({}): start the node with WorkerConfig.defaults() or raise it",
          DRAIN_PHASE, phase, settings.drainTimeout(), settings.drainResultsTimeout());
    }
  }
}
