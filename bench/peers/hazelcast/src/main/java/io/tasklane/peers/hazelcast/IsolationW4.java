package io.tasklane.peers.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.time.Duration;
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
 * W4 as Tasklane's bench runs it (bench/.../Isolation.java): 2 x cores sha256 tasks outstanding
 * from t = 0, a new one submitted as each ends (round-robin over the members); from t = 1 s,
 * {@code ioTasks} sleeps of 50 ms, one every 10 ms, each its own submission on its own virtual
 * thread. Overhead = (result known at the driver - submit) - 50 ms.
 */
final class IsolationW4 {

  static final long IO_SLEEP_MS = 50;
  static final long IO_START_MS = 1_000;
  static final long IO_EVERY_MS = 10;

  private final HazelcastInstance client;
  private final List<Member> members;
  private final Options options;
  private final AtomicInteger nextMember = new AtomicInteger();

  IsolationW4(HazelcastInstance client, List<Member> members, Options options) {
    this.client = client;
    this.members = members;
    this.options = options;
  }

  private record Outcome(double[] overheadsMs, int cpuCompletedDuringIo, int cpuCompleted, double cpuLaneUtilisation) {}

  Json run() throws Exception {
    boolean lanes = options.w4Pool().equals("lanes");
    IExecutorService cpu = client.getExecutorService(lanes ? PeerConfig.CPU : PeerConfig.DEFAULT);
    IExecutorService io = client.getExecutorService(lanes ? PeerConfig.IO : PeerConfig.DEFAULT);
    Kernel kernel = new Kernel(cpu, members.getFirst());
    long n = options.cpuIterations() > 0 ? options.cpuIterations() : kernel.oneSecondN();
    int outstanding = 2 * Driver.cores();
    for (int i = 1; i <= options.warmups(); i++) {
      Outcome warm = once(cpu, io, n, outstanding);
      Driver.progress("W4 warm-up %d/%d: p50 %.2f ms, p99 %.2f ms, %d CPU tasks completed meanwhile", i, options.warmups(),
          Stats.percentile(warm.overheadsMs(), 0.50), Stats.percentile(warm.overheadsMs(), 0.99), warm.cpuCompletedDuringIo());
    }
    Json line = new Json().put("workload", "W4").put("system", Driver.SYSTEM).put("configuration", lanes
        ? "lanes built by hand: sha256 tasks on IExecutorService 'cpu' (1 thread per member), sleeps on 'io' (1,000 threads per member)"
        : "one shared pool: both kinds on the default IExecutorService (16 threads per member)")
        .put("tasks", options.ioTasks());
    List<Object> runs = line.list("runs");
    List<Double> p50s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    List<Double> maxes = new ArrayList<>();
    List<Double> cpuDone = new ArrayList<>();
    List<Double> laneBusy = new ArrayList<>();
    List<double[]> all = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      Outcome run = once(cpu, io, n, outstanding);
      double p50 = Stats.percentile(run.overheadsMs(), 0.50);
      double p99 = Stats.percentile(run.overheadsMs(), 0.99);
      double max = Stats.max(run.overheadsMs());
      p50s.add(p50);
      p99s.add(p99);
      maxes.add(max);
      cpuDone.add((double) run.cpuCompletedDuringIo());
      laneBusy.add(run.cpuLaneUtilisation());
      all.add(run.overheadsMs());
      runs.add(new Json().put("p50_ms", Stats.round(p50, 2)).put("p99_ms", Stats.round(p99, 2)).put("max_ms", Stats.round(max, 2))
          .put("cpu_tasks_completed_during_io", run.cpuCompletedDuringIo()).put("cpu_tasks_completed", run.cpuCompleted())
          .put("cpu_lane_utilisation_during_io", Stats.round(run.cpuLaneUtilisation(), 3)));
      Driver.progress("W4 run %d/%d: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d CPU tasks completed meanwhile, CPU lane %.0f%% busy",
          i, options.runs(), p50, p99, max, run.cpuCompletedDuringIo(), 100 * run.cpuLaneUtilisation());
    }
    double[] pooled = all.stream().flatMapToDouble(Arrays::stream).toArray();
    if (options.cpuIterations() == 0) {
      line.put("calibration_single_s_at_3000000", Stats.round(kernel.calibrationSeconds(), 4));
    }
    return line.put("warmups", options.warmups())
        .put("cpu_iterations", n)
        .put("cpu_outstanding", outstanding)
        .put("io_tasks", options.ioTasks())
        .put("io_sleep_ms", IO_SLEEP_MS)
        .put("io_submission", "each I/O task its own submitToMember (round-robin), one virtual thread each waiting on its future")
        .put("median_p50_ms", Stats.round(Stats.median(p50s), 2))
        .put("median_p99_ms", Stats.round(Stats.median(p99s), 2))
        .put("median_max_ms", Stats.round(Stats.median(maxes), 2))
        .put("pooled_p50_ms", Stats.round(Stats.percentile(pooled, 0.50), 2))
        .put("pooled_p99_ms", Stats.round(Stats.percentile(pooled, 0.99), 2))
        .put("pooled_max_ms", Stats.round(Stats.max(pooled), 2))
        .put("median_cpu_tasks_completed_during_io", Stats.median(cpuDone))
        .put("median_cpu_lane_utilisation_during_io", Stats.round(Stats.median(laneBusy), 3))
        .put("cpu_lane_utilisation_method", "the sha256 tasks' thread CPU time (measured in the members, apportioned by "
            + "the overlap of each task's run with the I/O phase) / (cores x the I/O phase's length)");
  }

  private Member next() {
    return members.get(Math.floorMod(nextMember.getAndIncrement(), members.size()));
  }

  private Outcome once(IExecutorService cpuExecutor, IExecutorService ioExecutor, long n, int outstanding) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger cpuCompleted = new AtomicInteger();
    Queue<Tasks.CpuResult> cpuResults = new ConcurrentLinkedQueue<>();
    Queue<Long> cpuEnds = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    List<Thread> cpu = new ArrayList<>();
    for (int k = 0; k < outstanding; k++) {
      cpu.add(Thread.ofVirtual().name("w4-cpu-" + k).start(() -> {
        while (!stop.get() && failure.get() == null) {
          try {
            Tasks.CpuResult result = cpuExecutor.submitToMember(new Tasks.Sha256(n), next()).<Tasks.CpuResult>get();
            cpuCompleted.incrementAndGet();
            cpuEnds.add(System.nanoTime());
            cpuResults.add(result);
          } catch (Exception | Error failed) {
            failure.compareAndSet(null, failed);
          }
        }
      }));
    }
    int ioTasks = options.ioTasks();
    double[] overheads = new double[ioTasks];
    List<Thread> io = new ArrayList<>();
    long ioStart = t0 + TimeUnit.MILLISECONDS.toNanos(IO_START_MS);
    for (int i = 0; i < ioTasks && failure.get() == null; i++) {
      long due = ioStart + TimeUnit.MILLISECONDS.toNanos(i * IO_EVERY_MS);
      for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      int index = i;
      io.add(Thread.ofVirtual().name("w4-io-" + i).start(() -> {
        try {
          long submit = System.nanoTime();
          ioExecutor.submitToMember(new Tasks.Sleep(IO_SLEEP_MS), next()).get();
          overheads[index] = (System.nanoTime() - submit) / 1e6 - IO_SLEEP_MS;
        } catch (Exception | Error failed) {
          failure.compareAndSet(null, failed);
        }
      }));
    }
    join(io);
    long ioEnd = System.nanoTime();
    stop.set(true);
    join(cpu);
    if (failure.get() != null) {
      throw new IllegalStateException("W4: " + failure.get(), failure.get());
    }
    int during = (int) cpuEnds.stream().filter(end -> end >= ioStart && end <= ioEnd).count();
    double busy = cpuResults.stream().mapToDouble(r -> r.cpuNanosWithin(ioStart, ioEnd)).sum();
    return new Outcome(overheads, during, cpuCompleted.get(), busy / ((double) (ioEnd - ioStart) * Driver.cores()));
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      if (!thread.join(Duration.ofMinutes(2))) {
        throw new IllegalStateException("W4: a submission did not come back within 2 minutes");
      }
    }
  }
}
