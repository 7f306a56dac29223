package io.tasklane.bench;

import java.util.Locale;

/** What every workload uses: the API of the running cluster, the run count, the cores, progress. */
final class BenchContext {

  private final BenchApi api;
  private final LocalCluster cluster;
  private final int runs;
  private final int warmups;
  private final Kernel kernel;

  BenchContext(BenchApi api, LocalCluster cluster, int runs, int warmups, Kernel kernel) {
    this.api = api;
    this.cluster = cluster;
    this.runs = runs;
    this.warmups = warmups;
    this.kernel = kernel;
  }

  BenchApi api() {
    return api;
  }

  LocalCluster cluster() {
    return cluster;
  }

  /** Measured runs per workload (after the warm-up runs). */
  int runs() {
    return runs;
  }

  /** Throw-away runs of each workload before its measured runs (bench/RESULTS.md: one). */
  int warmups() {
    return warmups;
  }

  /** Runs {@code once} warmups() times, reports each, returns the last. */
  <T> T warmUp(String name, WarmUpRun<T> once, java.util.function.Function<T, String> describe) throws BenchFailure {
    T last = null;
    for (int i = 1; i <= warmups; i++) {
      last = once.run();
      progress("%s warm-up %d/%d: %s", name, i, warmups, describe.apply(last));
    }
    return last;
  }

  /** One warm-up run of a workload. */
  interface WarmUpRun<T> {
    T run() throws BenchFailure;
  }

  /** Cores of this machine (the cluster's nodes all run here). */
  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The CPU kernel's calibration, shared by W3-1s and W4. */
  Kernel kernel() {
    return kernel;
  }

  static void progress(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    System.err.flush();
  }
}
