package io.tasklane.bench;

/**
 * The training run of the nodes' AOT cache (see {@code AotCache} in local-cluster): a cluster
 * whose nodes record their cache runs a little of every workload, then stops; the JVMs write
 * the classes they loaded and the profiles of the methods that ran, and later clusters of the
 * same jar and JDK start from them. Nothing in it is measured.
 */
final class AotTraining {

  /** The recording option {@code local up} gives a node that has no cache yet. */
  static final String RECORDING = "-XX:AOTCacheOutput";
  static final String USING = "-XX:AOTCache=";
  /** sha256 iterations of the training's W4 CPU tasks: the kernel's loop, shorter than W4's. */
  static final long CPU_ITERATIONS = 2_000_000;
  static final int W1_RUNS = 6;
  static final int W2_RUNS = 2;

  private AotTraining() {
  }

  static boolean recording(LocalCluster cluster) {
    return cluster.nodes().stream()
        .anyMatch(node -> LocalCluster.jvmFlags(node.pid()).stream().anyMatch(flag -> flag.startsWith(RECORDING)));
  }

  /** The JSON line's {@code aot_cache}: whether the nodes started from a cache, and where it came from. */
  static String describe(LocalCluster cluster, boolean trainedNow) {
    long using = cluster.nodes().stream()
        .filter(node -> LocalCluster.jvmFlags(node.pid()).stream().anyMatch(flag -> flag.startsWith(USING)))
        .count();
    if (using == cluster.nodes().size()) {
      return "every node started with its role's AOT cache (JDK 25+; the launcher checked that the JVM takes it"
          + " with the nodes' options), recorded by "
          + (trainedNow ? "this run's training cluster" : "an earlier cluster of this jar and JDK (the bench's own training unless TASKLANE_AOT_DIR was set)");
    }
    if (recording(cluster)) {
      return "none: the nodes were recording their AOT cache (the training did not leave one)";
    }
    return using == 0 ? "none (off, or a JDK before 25)" : using + " of " + cluster.nodes().size() + " nodes from a cache";
  }

  static void run(BenchContext context, Isolation w4) throws BenchFailure {
    BenchApi api = context.api();
    // Long enough for the hot paths to reach the optimizing compiler: what it compiled here is
    // what a node started from the cache compiles early (AotCache, -XX:+AOTCompileEagerly).
    for (int i = 1; i <= W1_RUNS; i++) {
      JobRun w1 = api.run("train-W1", Jobs.noop("train-W1", 20_000), 20_000);
      BenchContext.progress("training: W1 %d/%d in %.3f s", i, W1_RUNS, w1.seconds());
    }
    for (int i = 1; i <= W2_RUNS; i++) {
      JobRun w2 = api.run("train-W2", Jobs.sleep("train-W2", 5_000, 200), 5_000);
      BenchContext.progress("training: W2 %d/%d in %.3f s", i, W2_RUNS, w2.seconds());
    }
    w4.train(api, CPU_ITERATIONS);
    BenchContext.progress("training: W4 done; stopping the cluster (the nodes write their caches as they stop)");
  }
}
