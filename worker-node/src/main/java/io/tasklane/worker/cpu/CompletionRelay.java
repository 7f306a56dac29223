package io.tasklane.worker.cpu;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One normal-priority thread, started with the CPU lane, through which CPU-lane runners hand
 * over their results. A runner runs at a lowered priority (nice, or SCHED_IDLE), and Linux
 * gives a new thread its creator's priority: had the runner told the lane itself, the actor
 * dispatcher could start a thread from it (its pool grows on demand) and that thread, and the
 * work on it, would run at the runner's priority for good. The relay makes sure no thread the
 * runners did not start themselves is ever created from one.
 */
final class CompletionRelay implements Executor, AutoCloseable {

  private final ThreadPoolExecutor executor;

  /**
   * Call from a normal-priority thread (the lane's setup): its one thread is started here.
   *
   * @param queue hand-overs that may wait ({@code tasklane.worker.cpu.relay-queue}). Bounded:
   *     each runner hands over at most one result at a time; if it is ever full, the runner does
   *     the hand-over itself (correct, only without the priority guarantee).
   */
  CompletionRelay(String name, int queue) {
    executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
    executor.prestartCoreThread();
  }

  @Override
  public void execute(Runnable command) {
    executor.execute(command);
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
