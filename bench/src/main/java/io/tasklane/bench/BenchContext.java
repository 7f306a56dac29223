package io.tasklane.bench;

import java.util.Locale;

/** What every workload uses: the API of the running cluster, the run count, the cores, progress. */
final class BenchContext {

  private final BenchApi api;
  private final LocalCluster cluster;
  private final int runs;
  private final Kernel kernel;

  BenchContext(BenchApi api, LocalCluster cluster, int runs, Kernel kernel) {
    this.api = api;
    this.cluster = cluster;
    this.runs = runs;
    this.kernel = kernel;
  }

  BenchApi api() {
    return api;
  }

  LocalCluster cluster() {
    return cluster;
  }

  /** Measured runs per workload (after one warm-up). */
  int runs() {
    return runs;
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
