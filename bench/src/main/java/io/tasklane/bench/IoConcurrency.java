package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W2: 5,000 tasks that each wait 200 ms (sleep, I/O lane) in one job; makespan and makespan /
 * 0.2 s. The workers get 2,500 I/O slots each, like the Dask peer's 2 procs x 2,500 async slots.
 */
final class IoConcurrency implements Workload {

  static final int TASKS = 5_000;
  static final long SLEEP_MS = 200;
  static final int IO_SLOTS_PER_WORKER = 2_500;
  static final double TARGET_MAKESPAN_S = 0.30;

  @Override
  public String name() {
    return "W2";
  }

  @Override
  public Map<String, String> nodeEnv() {
    // Read by the worker's reference.conf if it has ${?TASKLANE_IO_MAX_IN_FLIGHT}; nodeOpts() sets it for sure.
    return Map.of("TASKLANE_IO_MAX_IN_FLIGHT", Integer.toString(IO_SLOTS_PER_WORKER));
  }

  @Override
  public String nodeOpts() {
    return "-Dtasklane.worker.io.max-in-flight=" + IO_SLOTS_PER_WORKER;
  }

  @Override
  public void run(BenchContext context, ObjectNode line) throws BenchFailure {
    line.put("tasks", TASKS);
    String spec = Jobs.sleep("W2", TASKS, SLEEP_MS);
    context.warmUp("W2", () -> context.api().run("W2", spec, TASKS),
        warm -> String.format(java.util.Locale.ROOT, "makespan %.3f s", warm.seconds()));
    List<Double> makespans = new ArrayList<>();
    ArrayNode runs = line.putArray("runs");
    for (int i = 1; i <= context.runs(); i++) {
      JobRun run = context.api().run("W2", spec, TASKS);
      makespans.add(run.seconds());
      runs.addObject().put("makespan_s", Stats.round(run.seconds(), 4))
          .put("ratio", Stats.round(run.seconds() / (SLEEP_MS / 1000.0), 2))
          .put("end_via", run.via())
          .put("end_known_s", Stats.round(run.endNanos() / 1e9, 4));
      BenchContext.progress("W2 run %d/%d: makespan %.3f s (end known at %.3f s)",
          i, context.runs(), run.seconds(), run.endNanos() / 1e9);
    }
    double median = Stats.median(makespans);
    line.put("sleep_ms", SLEEP_MS)
        .put("io_slots_per_worker", IO_SLOTS_PER_WORKER)
        .put("median_makespan_s", Stats.round(median, 4))
        .put("ratio", Stats.round(median / (SLEEP_MS / 1000.0), 2))
        .put("target", "makespan <= 0.30 s (ratio <= 1.5)")
        .put("met", median <= TARGET_MAKESPAN_S);
  }
}
