package io.tasklane.worker.auto;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O lane's sample of runs to measure: one in {@code io-sample-every}. A sampled function
 * handler computes on a platform thread of a small pool (at most {@code io-sample-threads}: a
 * virtual thread has no CPU clock); when they are all busy it runs on the lane's virtual threads
 * as any other, unmeasured. Used from the lane's thread only ({@link #due}).
 */
public final class IoSampler {

  private final int every;
  private final ThreadPoolExecutor platform;
  private int count;

  public IoSampler(int every, int threads) {
    this.every = every;
    AtomicInteger number = new AtomicInteger();
    this.platform = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), run -> {
      Thread thread = new Thread(run, "tasklane-io-measure-" + number.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** True for one run in {@code every}. */
  public boolean due() {
    if (++count < every) {
      return false;
    }
    count = 0;
    return true;
  }

  /** Runs on a sampling platform thread, or on {@code otherwise} when they are all busy. */
  public Executor platformOr(Executor otherwise) {
    return run -> {
      try {
        platform.execute(run);
      } catch (RejectedExecutionException busy) {
        otherwise.execute(run);
      }
    };
  }

  public void close() {
    platform.shutdownNow();
  }
}
