package io.tasklane.worker;

import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.worker.cpu.CpuLane;
import io.tasklane.worker.io.IoLane;
import io.tasklane.worker.task.HandlerRegistry;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The worker role of a node: loads the task types, creates the node's HTTP client and spawns
 * the I/O lane and the CPU lane (restarted with backoff if they crash).
 */
public final class WorkerGuardian extends AbstractBehavior<Void> {

  private final HttpClient httpClient;

  private WorkerGuardian(
      ActorContext<Void> context, WorkerSettings settings, HandlerRegistry registry) {
    super(context);
    String worker = workerName(context.getSystem());
    this.httpClient = HttpClient.newBuilder()
        .connectTimeout(settings.httpConnectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tasklane-http-", 0).factory()))
        .build();
    warnIfDispatcherMisfits(settings);
    context.spawn(supervised(IoLane.create(settings, worker, registry, httpClient), settings), "io-lane");
    context.spawn(supervised(CpuLane.create(settings, worker, registry, httpClient), settings), "cpu-lane");
    context.getLog().info(
        "Worker {} started: io lane {} in flight, cpu lane {} runners, types {}",
        worker, settings.ioMaxInFlight(), settings.cpuRunners(), registry.catalog().keySet());
  }

  /** The worker with the built-in task types and the plugins found in {@code plugin-dir}. */
  public static Behavior<Void> create(WorkerSettings settings) {
    return Behaviors.setup(context -> new WorkerGuardian(context, settings, HandlerRegistry.load(settings.pluginDir())));
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
    httpClient.shutdownNow();
    return this;
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
            settings.laneRestartMinBackoff(), settings.laneRestartMaxBackoff(), 0.2));
  }

  private void warnIfDispatcherMisfits(WorkerSettings settings) {
    String key = WorkerConfig.CPU_DISPATCHER + ".thread-pool-executor.fixed-pool-size";
    int threads = getContext().getSystem().settings().config().getInt(key);
    if (threads != settings.cpuRunners()) {
      getContext().getLog().warn(
          "{} = {} but cpu runners = {}: create the ActorSystem from WorkerConfig.withCpuDispatcherSized(config)",
          key, threads, settings.cpuRunners());
    }
  }
}
