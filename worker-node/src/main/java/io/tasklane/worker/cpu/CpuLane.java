package io.tasklane.worker.cpu;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.task.CpuTaskHandler;
import io.tasklane.protocol.task.IoTaskHandler;
import io.tasklane.worker.WorkerConfig;
import io.tasklane.worker.WorkerSettings;
import io.tasklane.worker.task.Drain;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.LaneCore;
import io.tasklane.worker.task.LaneSetup;
import io.tasklane.worker.task.RunningAttempt;
import io.tasklane.worker.task.TaskServices;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The CPU lane: {@code cpu.runners} slots, each task computing on a thread of
 * {@link WorkerConfig#CPU_DISPATCHER}, so never more tasks compute at once than there are
 * runners. A stopped task keeps its runner until its thread lets go, or until
 * {@code cpu.abandon-after} passes: then the thread is abandoned and the runner continues on a
 * fresh thread of the pool ({@link CpuRunnerPool}).
 */
public final class CpuLane extends AbstractBehavior<LaneProtocol.Command> {

  private final LaneCore core;
  private final CompletionRelay relay;

  private CpuLane(ActorContext<LaneProtocol.Command> context, LaneSetup setup, Executor runners) {
    super(context);
    this.relay = new CompletionRelay("tasklane-cpu-lane-relay");
    this.core = new LaneCore(context, setup, (handler, input, attempt) -> switch (handler) {
      case CpuTaskHandler cpu -> RunningAttempt.compute(cpu, input, attempt, runners, true, relay);
      case IoTaskHandler io -> RunningAttempt.startOn(io, input, attempt, runners);
    });
  }

  /**
   * @param worker this node's name ({@code host:port})
   * @param httpClient the node's shared HTTP client, handed to handlers
   */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient) {
    return Behaviors.setup(context -> {
      Executor runners = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(WorkerConfig.CPU_DISPATCHER));
      TaskServices services = new TaskServices(
          context.getSystem().scheduler(), context.getSystem().executionContext(), httpClient);
      LaneSetup setup = new LaneSetup(worker, Lane.CPU, settings.cpuRunners(), settings, registry, services);
      return new CpuLane(context, setup, runners);
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
    relay.close();
    return this;
  }
}
