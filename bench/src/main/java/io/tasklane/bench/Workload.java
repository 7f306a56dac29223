package io.tasklane.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One workload of bench/RESULTS.md: warms up, measures, and fills its line of figures. */
interface Workload {

  /** W1, W1-large, W2, W3, W3-1s or W4. */
  String name();

  /** Environment the cluster's nodes need for this workload (empty: the default cluster). */
  default java.util.Map<String, String> nodeEnv() {
    return java.util.Map.of();
  }

  /** Extra node JVM options for this workload (added to {@code --node-opts}). */
  default String nodeOpts() {
    return "";
  }

  /** Runs it; puts its figures in {@code line} (the common ones are added by the caller). */
  void run(BenchContext context, ObjectNode line) throws BenchFailure;
}
