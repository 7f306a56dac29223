package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * W3 and W3-1s: 8 sha256 tasks in one job submitted at once; makespan, the single-task time
 * (one task alone, warm, median of 3), speedup = 8 x single / makespan, efficiency = speedup /
 * cores. W3 uses N = 3,000,000 (equal work with the peers), W3-1s the N that takes ~1 s.
 */
final class CpuParallelism implements Workload {

  static final int TASKS = 8;

  private final String name;
  private final boolean oneSecond;
  private final double targetEfficiency;

  private CpuParallelism(String name, boolean oneSecond, double targetEfficiency) {
    this.name = name;
    this.oneSecond = oneSecond;
    this.targetEfficiency = targetEfficiency;
  }

  static CpuParallelism w3() {
    return new CpuParallelism("W3", false, 0.95);
  }

  static CpuParallelism w3OneSecond() {
    return new CpuParallelism("W3-1s", true, 0.98);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(BenchContext context, ObjectNode line) throws BenchFailure {
    line.put("tasks", TASKS);
    BenchApi api = context.api();
    long n = oneSecond ? context.kernel().oneSecondN(api) : Kernel.N_EQUAL_WORK;
    String spec = Jobs.sha256(name, TASKS, n);
    JobRun warm = context.warmUp(name, () -> api.run(name, spec, TASKS),
        run -> String.format(java.util.Locale.ROOT, "makespan %.3f s", run.seconds()));
    if (n == Kernel.N_EQUAL_WORK && !warm.firstOutput().contains(Kernel.HEX_EQUAL_WORK)) {
      throw new BenchFailure(name + ": sha256 of N=3,000,000 gave " + warm.firstOutput() + ", expected " + Kernel.HEX_EQUAL_WORK);
    }
    double single = Kernel.singleTaskSeconds(api, n, 3, false);
    BenchContext.progress("%s single task alone (median of 3): %.3f s", name, single);
    int cores = BenchContext.cores();
    List<Double> makespans = new ArrayList<>();
    ArrayNode runs = line.putArray("runs");
    for (int i = 1; i <= context.runs(); i++) {
      JobRun run = api.run(name, spec, TASKS);
      makespans.add(run.seconds());
      double speedup = TASKS * single / run.seconds();
      runs.addObject().put("makespan_s", Stats.round(run.seconds(), 4))
          .put("speedup", Stats.round(speedup, 3))
          .put("efficiency", Stats.round(speedup / cores, 3))
          .put("end_via", run.via());
      BenchContext.progress("%s run %d/%d: makespan %.3f s, efficiency %.3f", name, i, context.runs(), run.seconds(), speedup / cores);
    }
    double makespan = Stats.median(makespans);
    double speedup = TASKS * single / makespan;
    double efficiency = speedup / cores;
    line.put("iterations", n);
    if (oneSecond) {
      line.put("calibration_single_s_at_3000000", Stats.round(context.kernel().calibrationSeconds(), 4));
    }
    line.put("single_task_s", Stats.round(single, 4))
        .put("median_makespan_s", Stats.round(makespan, 4))
        .put("speedup", Stats.round(speedup, 3))
        .put("efficiency", Stats.round(efficiency, 3))
        .put("target", "efficiency >= " + targetEfficiency)
        .put("met", efficiency >= targetEfficiency);
  }
}
