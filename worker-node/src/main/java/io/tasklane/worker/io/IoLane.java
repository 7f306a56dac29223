package io.tasklane.worker.io;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.worker.auto.IoSampler;
import io.tasklane.worker.auto.Measuring;
import io.tasklane.worker.settings.WorkerSettings;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.LaneSetup;
import io.tasklane.worker.task.RunningAttempt;
import io.tasklane.worker.task.TaskLane;
import io.tasklane.worker.task.TaskServices;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The I/O lane: up to {@code io.max-in-flight} tasks at once. An I/O handler's {@code start}
 * runs on the lane's thread and holds no thread while it waits; a computing handler moved to
 * this lane runs on a virtual thread.
 */
public final class IoLane {

  private IoLane() {}

  /**
   * @param worker this node's name ({@code host:port})
   * @param httpClient the node's shared HTTP client, handed to handlers
   */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient) {
    return create(settings, worker, registry, httpClient, LaneSetup.measuring(settings, registry));
  }

  /**
   * @param measuring the node's measurements (shared with its CPU lane): one in
   *     {@code auto-lane.io-sample-every} runs of a function handler here computes on a platform
   *     thread and is measured, as is the start of an I/O handler
   */
  public static Behavior<LaneProtocol.Command> create(
      WorkerSettings settings, String worker, HandlerRegistry registry, HttpClient httpClient, Measuring measuring) {
    return Behaviors.setup(context -> {
      TaskServices services = new TaskServices(
          context.getSystem().scheduler(), context.getSystem().executionContext(), httpClient);
      LaneSetup setup = new LaneSetup(worker, Lane.IO, settings.ioMaxInFlight(), settings, registry, services, measuring);
      ExecutorService virtualThreads =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tasklane-io-virtual-", 0).factory());
      IoSampler sampler = new IoSampler(settings.autoLane().ioSampleEvery(), settings.autoLane().ioSampleThreads());
      Executor sampleThreads = sampler.platformOr(virtualThreads);
      TaskLane.AttemptStarter starter = (handler, input, attempt) -> switch (handler) {
        case IoTaskHandler io -> sampler.due()
            ? measuring.start(io.type(), () -> RunningAttempt.start(io, input, attempt))
            : RunningAttempt.start(io, input, attempt);
        case CpuTaskHandler cpu -> sampler.due()
            ? RunningAttempt.compute(measuring.compute(cpu), input, attempt, sampleThreads, false)
            : RunningAttempt.compute(cpu, input, attempt, virtualThreads, false);
        case BlockingTaskHandler blocking -> RunningAttempt.block(blocking, input, attempt, virtualThreads, false, null);
      };
      return TaskLane.create(setup, starter, () -> {
        virtualThreads.shutdownNow();
        sampler.close();
      });
    });
  }
}
