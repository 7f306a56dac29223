package io.tasklane.worker.io;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.task.CpuTaskHandler;
import io.tasklane.protocol.task.IoTaskHandler;
import io.tasklane.worker.WorkerSettings;
import io.tasklane.worker.task.Drain;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.LaneCore;
import io.tasklane.worker.task.LaneSetup;
import io.tasklane.worker.task.RunningAttempt;
import io.tasklane.worker.task.TaskServices;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The I/O lane: up to {@code io.max-in-flight} tasks at once. An I/O handler's {@code start}
 * runs on this actor's thread and holds no thread while it waits; a computing handler moved
 * to this lane runs on a virtual thread.
 */
public final class IoLane extends AbstractBehavior<LaneProtocol.Command> {

  private final LaneCore core;
  private final ExecutorService virtualThreads;

  private IoLane(ActorContext<LaneProtocol.Command> context, LaneSetup setup) {
    super(context);
    this.virtualThreads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tasklane-io-virtual-", 0).factory());
    this.core = new LaneCore(context, setup, (handler, input, attempt) -> switch (handler) {
      case IoTaskHandler io -> RunningAttempt.start(io, input, attempt);
      case CpuTaskHandler cpu -> RunningAttempt.compute(cpu, input, attempt, virtualThreads, false);
    });
  }

  /**
   * @param worker this node's name ({@code host:port})
   * @param httpClient the node's shared HTTP client, handed to handlers
   */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient) {
    return Behaviors.setup(context -> {
      TaskServices services = new TaskServices(
          context.getSystem().scheduler(), context.getSystem().executionContext(), httpClient);
      LaneSetup setup = new LaneSetup(worker, Lane.IO, settings.ioMaxInFlight(), settings, registry, services);
      return new IoLane(context, setup);
    });
  }

  @Override
  public Receive<LaneProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LaneProtocol.AssignTasks.class, core::onAssignTasks)
        .onMessage(LaneProtocol.CancelJob.class, core::onCancelJob)
        .onMessage(Drain.class, core::onDrain)
        .onMessage(LaneCore.Internal.class, core::onInternal)
        .onSignal(PostStop.class, this::onPostStop)
        .build();
  }

  private Behavior<LaneProtocol.Command> onPostStop(PostStop stopped) {
    core.stopAll();
    virtualThreads.shutdownNow();
    return this;
  }
}
