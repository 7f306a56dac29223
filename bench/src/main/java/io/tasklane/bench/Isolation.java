package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * W4: 2 x cores CPU tasks (the W3-1s kernel) outstanding at all times from t = 0, a new one
 * submitted as each ends; from t = 1 s, 200 I/O tasks (sleep 50 ms), one every 10 ms, each its
 * own submission on its own virtual thread. By default every task is appended to an open job
 * (one for the CPU tasks, one for the I/O tasks) with {@code POST /api/jobs/{id}/tasks?wait=true};
 * with {@code --w4 jobs} each task is its own job ({@code POST /api/jobs?wait=true}).
 * Overhead = (result known at the client - submit) - 50 ms.
 */
final class Isolation implements Workload {

  private final boolean ownJobs;
  /** Requests kept waiting on the I/O job through each run ({@code --w4-waiters}), 0 for none. */
  private final int waiters;

  Isolation(boolean ownJobs) {
    this(ownJobs, 0);
  }

  Isolation(boolean ownJobs, int waiters) {
    this.ownJobs = ownJobs;
    this.waiters = waiters;
  }

  /**
   * Sends one background waiter every this long: a service's pace, not a burst of new connections
   * (the API closes the oldest of more than 256 connections of one address that have not yet had
   * a request read, which a coordinator slowed by a loaded machine reaches at 1 ms).
   */
  static final long WAITER_EVERY_NS = 3_000_000;
  /** The background waiters' tasks end this long after the last was sent: after the I/O phase (IO_START_MS + IO_TASKS x IO_EVERY_MS + 3 s). */
  static final long WAITERS_END_AFTER_MS = 1_000 + 200 * 10 + 3_000;

  @Override
  public java.util.Map<String, String> nodeEnv() {
    // the worker's I/O lane must hold every waiter's task besides W4's own (default 1,000)
    return waiters == 0 ? java.util.Map.of() : java.util.Map.of("TASKLANE_IO_MAX_IN_FLIGHT", Integer.toString(waiters + 1_000));
  }

  @Override
  public String nodeOpts() {
    // and the API keeps this one client's thousands of new connections while their first requests
    // are read (by default it closes the oldest of more than 256 of one address not yet read, which
    // a coordinator on a loaded machine reaches with a request every few ms)
    return waiters == 0 ? "" : "-Dtasklane.worker.io.max-in-flight=" + (waiters + 1_000)
        + " -Dtasklane.coordinator.http.connections.max-unauthenticated=" + (waiters + 1_000)
        + " -Dtasklane.coordinator.http.connections.max-unauthenticated-per-address=" + (waiters + 1_000);
  }

  static final int IO_TASKS = 200;
  static final long IO_SLEEP_MS = 50;
  static final long IO_START_MS = 1_000;
  static final long IO_EVERY_MS = 10;
  static final double TARGET_P99_MS = 5;

  /** One measured run. */
  private record Outcome(double[] overheadsMs, int cpuCompletedDuringIo, int cpuCompleted, String ioVia, long ioStartEpochMs,
      ThreadSched.Window sched) {}

  @Override
  public String name() {
    return "W4";
  }

  @Override
  public void run(BenchContext context, ObjectNode line) throws BenchFailure {
    line.put("tasks", IO_TASKS);
    long n = context.kernel().oneSecondN(context.api());
    int outstanding = 2 * BenchContext.cores();
    context.warmUp("W4", () -> once(context.api(), context.cluster(), n, outstanding),
        warm -> String.format(java.util.Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, %d CPU tasks completed meanwhile",
            Stats.percentile(warm.overheadsMs(), 0.50), Stats.percentile(warm.overheadsMs(), 0.99), warm.cpuCompletedDuringIo()));
    List<Double> p50s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    List<Double> maxes = new ArrayList<>();
    List<Double> cpuDone = new ArrayList<>();
    List<Double> laneBusy = new ArrayList<>();
    List<double[]> all = new ArrayList<>();
    ArrayNode runs = line.putArray("runs");
    String via = "wait";
    for (int i = 1; i <= context.runs(); i++) {
      Outcome run = once(context.api(), context.cluster(), n, outstanding);
      double p50 = Stats.percentile(run.overheadsMs(), 0.50);
      double p99 = Stats.percentile(run.overheadsMs(), 0.99);
      double max = Stats.max(run.overheadsMs());
      p50s.add(p50);
      p99s.add(p99);
      maxes.add(max);
      cpuDone.add((double) run.cpuCompletedDuringIo());
      double utilisation = run.sched() == null ? Double.NaN : run.sched().cpuLaneUtilisation(BenchContext.cores());
      laneBusy.add(utilisation);
      all.add(run.overheadsMs());
      via = run.ioVia();
      ObjectNode figures = runs.addObject();
      // the slowest I/O tasks and when they were submitted (ms after the first): a cluster of
      // them at one moment points at a pause (GC, a journal stall), spread ones at queueing
      ArrayNode slowest = figures.putArray("slowest");
      Integer[] order = new Integer[run.overheadsMs().length];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (a, b) -> Double.compare(run.overheadsMs()[b], run.overheadsMs()[a]));
      for (int k = 0; k < Math.min(5, order.length); k++) {
        slowest.addObject().put("submitted_at_ms", order[k] * IO_EVERY_MS)
            .put("overhead_ms", Stats.round(run.overheadsMs()[order[k]], 2));
      }
      figures.put("io_started_at_epoch_ms", run.ioStartEpochMs()).put("p50_ms", Stats.round(p50, 2)).put("p99_ms", Stats.round(p99, 2))
          .put("max_ms", Stats.round(max, 2))
          .put("cpu_tasks_completed_during_io", run.cpuCompletedDuringIo())
          .put("cpu_tasks_completed", run.cpuCompleted())
          .put("cpu_lane_utilisation_during_io", Stats.round(utilisation, 3));
      if (run.sched() != null) {
        run.sched().write(figures.putObject("threads_during_io"));
      }
      BenchContext.progress("W4 run %d/%d: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d CPU tasks completed meanwhile, "
          + "CPU lane %.0f%% busy", i, context.runs(), p50, p99, max, run.cpuCompletedDuringIo(), 100 * utilisation);
    }
    double[] pooled = all.stream().flatMapToDouble(Arrays::stream).toArray();
    double p99 = Stats.median(p99s);
    line.put("cpu_iterations", n)
        .put("cpu_outstanding", outstanding)
        .put("io_tasks", IO_TASKS)
        .put("io_sleep_ms", IO_SLEEP_MS)
        .put("io_submission", ownJobs
            ? "each I/O task its own job, POST /api/jobs?wait=true, one virtual thread each"
            : "each I/O task appended to one open job, POST /api/jobs/{id}/tasks?wait=true, one virtual thread each; "
                + "the CPU tasks appended to another")
        .put("io_end_via", via)
        .put("waiting_requests", waiters)
        .put("median_p50_ms", Stats.round(Stats.median(p50s), 2))
        .put("median_p99_ms", Stats.round(p99, 2))
        .put("median_max_ms", Stats.round(Stats.median(maxes), 2))
        .put("pooled_p50_ms", Stats.round(Stats.percentile(pooled, 0.50), 2))
        .put("pooled_p99_ms", Stats.round(Stats.percentile(pooled, 0.99), 2))
        .put("pooled_max_ms", Stats.round(Stats.max(pooled), 2))
        .put("median_cpu_tasks_completed_during_io", Stats.median(cpuDone))
        // the runners' CPU time over the I/O phase / (runners x its length), from their schedstat
        .put("median_cpu_lane_utilisation_during_io", Stats.round(Stats.median(laneBusy), 3))
        .put("target", "p99 overhead <= 5 ms with the CPU lane saturated")
        .put("met", p99 <= TARGET_P99_MS);
  }

  /** One W4 run with CPU tasks of {@code n} iterations, not measured (the AOT cache's training). */
  void train(BenchApi api, long n) throws BenchFailure {
    once(api, null, n, 2 * BenchContext.cores());
  }

  /** One run; with a {@code cluster}, its threads' scheduling over the I/O phase is measured too. */
  private Outcome once(BenchApi api, LocalCluster cluster, long n, int outstanding) throws BenchFailure {
    String cpuSpec = ownJobs ? Jobs.sha256("W4-cpu", 1, n) : Jobs.sha256Tasks(1, n);
    String cpuJob = ownJobs ? null : api.open("W4-cpu");
    String ioSpec = ownJobs ? Jobs.sleep("W4-io", 1, IO_SLEEP_MS) : Jobs.sleepTasks(1, IO_SLEEP_MS);
    String ioJob = ownJobs ? null : api.open("W4-io");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> background = ownJobs ? List.of() : startWaiters(api, ioJob, failure);
    AtomicInteger cpuCompleted = new AtomicInteger();
    Queue<Long> cpuEnds = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    List<Thread> cpu = new ArrayList<>();
    for (int k = 0; k < outstanding; k++) {
      cpu.add(Thread.ofVirtual().name("w4-cpu-" + k).start(() -> {
        while (!stop.get() && failure.get() == null) {
          try {
            if (ownJobs) {
              api.run("W4-cpu", cpuSpec, 1);
            } else {
              api.append(cpuJob, cpuSpec, 1);
            }
            cpuCompleted.incrementAndGet();
            cpuEnds.add(System.nanoTime());
          } catch (BenchFailure | RuntimeException failed) {
            failure.compareAndSet(null, failed);
          }
        }
      }));
    }
    double[] overheads = new double[IO_TASKS];
    AtomicReference<String> via = new AtomicReference<>(ownJobs ? "wait" : "append-wait");
    List<Thread> io = new ArrayList<>();
    long ioStart = t0 + TimeUnit.MILLISECONDS.toNanos(IO_START_MS);
    long ioStartEpochMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(ioStart - System.nanoTime());
    ThreadSched schedAtStart = null;
    for (int i = 0; i < IO_TASKS && failure.get() == null; i++) {
      long due = ioStart + TimeUnit.MILLISECONDS.toNanos(i * IO_EVERY_MS);
      for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      if (i == 0 && cluster != null) {
        schedAtStart = ThreadSched.snapshot(cluster);
      }
      int index = i;
      io.add(Thread.ofVirtual().name("w4-io-" + i).start(() -> {
        try {
          JobRun run = ownJobs ? api.run("W4-io", ioSpec, 1) : api.append(ioJob, ioSpec, 1);
          overheads[index] = run.millis() - IO_SLEEP_MS;
          if (!run.via().equals("wait") && !run.via().equals("append-wait")) {
            via.set(run.via());
          }
        } catch (BenchFailure | RuntimeException failed) {
          failure.compareAndSet(null, failed);
        }
      }));
    }
    join(io);
    long ioEnd = System.nanoTime();
    join(background);
    ThreadSched schedAtEnd = schedAtStart == null ? null : ThreadSched.snapshot(cluster);
    if (ioJob != null) {
      api.close(ioJob);
    }
    stop.set(true);
    join(cpu);
    if (cpuJob != null) {
      api.close(cpuJob);
    }
    if (failure.get() != null) {
      Throwable failed = failure.get();
      throw new BenchFailure("W4: " + failed.getMessage(), failed);
    }
    int during = (int) cpuEnds.stream().filter(end -> end >= ioStart && end <= ioEnd).count();
    // thread names looked up once the CPU tasks stopped (jcmd stops the JVM for a moment)
    ThreadSched.Window sched = schedAtEnd == null ? null : schedAtEnd.since(schedAtStart);
    return new Outcome(overheads, during, cpuCompleted.get(), via.get(), ioStartEpochMs, sched);
  }

  /**
   * {@code waiters} requests that each append a sleep to the I/O job with wait, sent one every
   * {@link #WAITER_EVERY_NS}; returns once the job has taken them all (they wait on), so W4's own
   * tasks are measured with that many requests waiting beside them.
   */
  private List<Thread> startWaiters(BenchApi api, String ioJob, AtomicReference<Throwable> failure) throws BenchFailure {
    List<Thread> threads = new ArrayList<>();
    if (waiters == 0) {
      return threads;
    }
    long start = System.nanoTime();
    long endAt = System.currentTimeMillis() + waiters * WAITER_EVERY_NS / 1_000_000 + WAITERS_END_AFTER_MS;
    for (int k = 0; k < waiters; k++) {
      LockSupport.parkNanos(start + k * WAITER_EVERY_NS - System.nanoTime());
      String spec = Jobs.sleepTasks(1, Math.max(1, endAt - System.currentTimeMillis()));
      threads.add(Thread.ofVirtual().name("w4-waiter-" + k).start(() -> {
        try {
          api.append(ioJob, spec, 1);
        } catch (BenchFailure | RuntimeException failed) {
          failure.compareAndSet(null, failed);
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (api.status(ioJob).path("total").asLong() < waiters && failure.get() == null) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("W4: the I/O job did not take " + waiters + " waiting appends within 60 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    BenchContext.progress("W4: %d requests wait on the I/O job (sent in %d ms)", waiters,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return threads;
  }

  private static void join(List<Thread> threads) throws BenchFailure {
    try {
      for (Thread thread : threads) {
        if (!thread.join(java.time.Duration.ofMinutes(2))) {
          throw new BenchFailure("W4: a submission did not come back within 2 minutes");
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("W4: interrupted", interrupted);
    }
  }
}
