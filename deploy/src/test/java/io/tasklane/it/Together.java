package io.tasklane.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Requests fired together, the way a user's scripts or retries send them by accident: one
 * thread each, released at once by a barrier, so they reach the coordinator within
 * microseconds of each other.
 */
final class Together {

  /** What one call did: its value, or what it threw (a connection refused, say). */
  record Outcome<T>(T value, Exception failure) {}

  private Together() {}

  /** Runs every call at the same moment; their outcomes in the calls' order. */
  static <T> List<Outcome<T>> fire(List<Callable<T>> calls) throws Exception {
    CyclicBarrier start = new CyclicBarrier(calls.size());
    try (ExecutorService threads = Executors.newFixedThreadPool(calls.size())) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> call : calls) {
        futures.add(threads.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return call.call();
        }));
      }
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          outcomes.add(new Outcome<>(future.get(120, TimeUnit.SECONDS), null));
        } catch (java.util.concurrent.ExecutionException failed) {
          outcomes.add(new Outcome<>(null, failed.getCause() instanceof Exception e ? e : failed));
        }
      }
      return outcomes;
    }
  }

  /** One round of a race: fires its requests and checks its end; throws what it found wrong. */
  interface Round {
    void run(int round) throws Exception;
  }

  /**
   * {@code rounds} independent rounds, {@code atOnce} of them at a time (each on its own job, so
   * they only share the cluster): a race's rounds spend their time waiting for tasks to run and
   * jobs to end, not on the cores. Throws the failure of the first round (by number) that failed,
   * once the rounds still running were interrupted and ended.
   */
  static void rounds(int rounds, int atOnce, Round round) throws Exception {
    try (ExecutorService threads = Executors.newFixedThreadPool(atOnce)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        int number = r;
        futures.add(threads.submit(() -> {
          round.run(number);
          return null;
        }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException failed) {
          futures.forEach(other -> other.cancel(true));
          if (failed.getCause() instanceof Error error) {
            throw error;
          }
          throw failed.getCause() instanceof Exception e ? e : failed;
        }
      }
    }
  }

  /** {@code n} times the same call, together. */
  static <T> List<Outcome<T>> fire(int n, Callable<T> call) throws Exception {
    List<Callable<T>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call);
    }
    return fire(calls);
  }
}
