package io.tasklane.worker.cpu;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.worker.auto.Measuring;
import io.tasklane.worker.settings.WorkerConfig;
import io.tasklane.worker.settings.WorkerSettings;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.LaneSetup;
import io.tasklane.worker.task.RunningAttempt;
import io.tasklane.worker.task.TaskLane;
import io.tasklane.worker.task.TaskServices;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The CPU lane: {@code cpu.runners} slots, each task computing on a thread of
 * {@link WorkerConfig#CPU_DISPATCHER}, so never more tasks compute at once than there are
 * runners. A stopped task keeps its runner until its thread lets go, or until
 * {@code cpu.abandon-after} passes: then the thread is abandoned and the runner continues on a
 * fresh thread of the pool ({@link CpuRunnerPool}). Results come back through a
 * {@link CompletionRelay}.
 */
public final class CpuLane {

  private CpuLane() {}

  /**
   * @param worker this node's name ({@code host:port})
   * @param httpClient the node's shared HTTP client, handed to handlers
   */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient) {
    return create(settings, worker, registry, httpClient, LaneSetup.measuring(settings, registry));
  }

  /** @param measuring the node's measurements (shared with its I/O lane): every compute here is measured */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient, Measuring measuring) {
    return Behaviors.setup(context -> {
      Executor runners = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(WorkerConfig.CPU_DISPATCHER));
      TaskServices services = new TaskServices(
          context.getSystem().scheduler(), context.getSystem().executionContext(), httpClient);
      LaneSetup setup = new LaneSetup(worker, Lane.CPU, settings.cpuRunners(), settings, registry, services, measuring);
      CompletionRelay relay = new CompletionRelay("tasklane-cpu-lane-relay", settings.cpuRelayQueue());
      TaskLane.AttemptStarter starter = (handler, input, attempt) -> switch (handler) {
        case CpuTaskHandler cpu -> RunningAttempt.compute(measuring.compute(cpu), input, attempt, runners, true, relay);
        case IoTaskHandler io -> RunningAttempt.startOn(io, input, attempt, runners);
        case BlockingTaskHandler blocking -> RunningAttempt.block(blocking, input, attempt, runners, true, relay);
      };
      return TaskLane.create(setup, starter, relay::close);
    });
  }
}
