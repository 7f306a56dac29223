package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W1 and W1-large: {@code tasks} no-op tasks (input echoed back) in one job; tasks/s end to end.
 * W1-large also samples the coordinator's heap during each measured run.
 */
final class Throughput implements Workload {

  static final double TARGET_TASKS_PER_S = 100_000;
  static final double TARGET_HEAP_MIB = 1024;

  private final String name;
  private final int tasks;
  private final boolean sampleHeap;

  private Throughput(String name, int tasks, boolean sampleHeap) {
    this.name = name;
    this.tasks = tasks;
    this.sampleHeap = sampleHeap;
  }

  static Throughput w1() {
    return new Throughput("W1", 20_000, false);
  }

  static Throughput w1Large() {
    return new Throughput("W1-large", 1_000_000, true);
  }

  /** The job-size limit (tasklane.coordinator.jobs.max-tasks): heap and rate at 10x W1-large. */
  static Throughput w1TenMillion() {
    return new Throughput("W1-10M", 10_000_000, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(BenchContext context, ObjectNode line) throws BenchFailure {
    line.put("tasks", tasks);
    String spec = Jobs.noop(name, tasks);
    context.warmUp(name, () -> context.api().run(name, spec, tasks),
        warm -> String.format(java.util.Locale.ROOT, "%.3f s, %,.0f tasks/s", warm.seconds(), tasks / warm.seconds()));
    List<Double> rates = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    double peakHeap = -1;
    double peakOld = -1;
    long peakAfterGc = -1;
    int gcPauses = 0;
    double gcPauseMillis = 0;
    long coordinator = context.cluster().coordinatorPid();
    java.nio.file.Path gcLog = GcLog.file(context.cluster().stateDir().resolve("logs"), coordinator);
    ArrayNode runs = line.putArray("runs");
    Map<String, List<Double>> cpuByRole = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= context.runs(); i++) {
      HeapSampler sampler = sampleHeap ? HeapSampler.start(coordinator) : null;
      long from = System.currentTimeMillis();
      NodeCpu cpuBefore = NodeCpu.snapshot(context.cluster());
      JobRun run;
      try {
        run = context.api().run(name, spec, tasks);
      } finally {
        if (sampler != null) {
          sampler.close();
        }
      }
      Map<String, Double> cpu = NodeCpu.snapshot(context.cluster()).secondsSince(cpuBefore);
      GcLog.Window gc = GcLog.window(gcLog, from, System.currentTimeMillis());
      double rate = tasks / run.seconds();
      rates.add(rate);
      seconds.add(run.seconds());
      ObjectNode figures = runs.addObject()
          .put("seconds", Stats.round(run.seconds(), 4))
          .put("tasks_per_s", Math.round(rate))
          .put("job_end_s", Stats.round(run.endNanos() / 1e9, 4))
          .put("results_fetch_s", Stats.round((run.nanos() - run.endNanos()) / 1e9, 4))
          .put("end_via", run.via());
      ObjectNode cpuSeconds = figures.putObject("cpu_s");
      cpu.forEach(cpuSeconds::put);
      cpu.forEach((role, s) -> cpuByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(s));
      if (gc != null) {
        figures.put("coordinator_gc_pauses", gc.pauses())
            .put("coordinator_gc_pause_ms", Stats.round(gc.pauseMillis(), 1));
        gcPauses += gc.pauses();
        gcPauseMillis += gc.pauseMillis();
      }
      if (sampler != null) {
        figures.put("peak_heap_mib", Stats.round(sampler.peakUsedMib(), 1))
            .put("peak_old_gen_mib", Stats.round(sampler.peakOldMib(), 1));
        if (gc != null) {
          figures.put("peak_heap_after_gc_mib", gc.peakAfterMib());
          peakAfterGc = Math.max(peakAfterGc, gc.peakAfterMib());
        }
        peakHeap = Math.max(peakHeap, sampler.peakUsedMib());
        peakOld = Math.max(peakOld, sampler.peakOldMib());
      }
      BenchContext.progress("%s run %d/%d: %.3f s, %,.0f tasks/s%s", name, i, context.runs(), run.seconds(), rate,
          sampler == null ? "" : String.format(java.util.Locale.ROOT, ", peak heap %.0f MiB", sampler.peakUsedMib()));
    }
    double median = Stats.median(rates);
    line.put("median_tasks_per_s", Math.round(median))
        .put("median_seconds", Stats.round(Stats.median(seconds), 4));
    // CPU per 1,000 tasks of each role's JVMs (ROLE_jit: their JIT compiler threads' share):
    // far steadier than wall-clock rates on a shared machine.
    ObjectNode cpuPerThousand = line.putObject("median_cpu_ms_per_1000_tasks");
    cpuByRole.forEach((role, list) -> cpuPerThousand.put(role,
        list.contains(-1.0) ? -1 : Stats.round(Stats.median(list) * 1e6 / tasks, 2)));
    boolean met = median >= TARGET_TASKS_PER_S;
    String target = ">= 100000 tasks/s";
    if (sampleHeap) {
      // Not between runs: a forced collection would spare the next run the garbage it meets in production.
      long liveAfter = GcLog.liveAfterFullGc(coordinator, gcLog);
      BenchContext.progress("%s live heap after all runs (full GC; up to %d ended jobs of %,d tasks still held): %d MiB",
          name, context.runs() + 1, tasks, liveAfter);
      line.put("peak_coordinator_heap_mib", peakHeap < 0 ? null : Stats.round(peakHeap, 1))
          .put("peak_coordinator_old_gen_mib", peakOld < 0 ? null : Stats.round(peakOld, 1))
          .put("peak_coordinator_heap_after_gc_mib", peakAfterGc < 0 ? null : peakAfterGc)
          .put("live_heap_after_all_runs_mib", liveAfter < 0 ? null : liveAfter)
          .put("coordinator_max_heap", coordinatorXmx(context))
          .put("heap_sampler", (peakHeap < 0 ? "jstat unavailable" : "peak used = jstat -gc every 200 ms, S0U+S1U+EU+OU (includes garbage)")
              + "; after GC = the coordinator's GC log (-Xlog:gc), max over collections in the runs"
              + "; live after all runs = heap after one full GC (jcmd GC.run) after the last run, the warm-up's and"
              + " every run's ended job still in memory (tasklane.coordinator.jobs.ended-idle)");
      double heap = peakAfterGc >= 0 ? peakAfterGc : peakHeap;
      // The coordinator runs with -Xmx1g: a heap still full after a collection is the limit reached.
      met = met && heap >= 0 && heap < TARGET_HEAP_MIB;
      target += " and coordinator heap <= 1024 MiB (peak heap after GC below the 1 GiB cap)"
          + (tasks > 1_000_000 ? "; and no lower than W1-large's rate (compare with its line: `bench/run W1-large W1-10M`)" : "");
    }
    line.put("coordinator_gc_pauses", gcPauses).put("coordinator_gc_pause_ms", Stats.round(gcPauseMillis, 1));
    line.put("target", target).put("met", met);
  }

  private static String coordinatorXmx(BenchContext context) {
    return LocalCluster.jvmFlags(context.cluster().coordinatorPid()).stream()
        .filter(flag -> flag.startsWith("-Xmx")).reduce((first, last) -> last).orElse("default");
  }
}
