package io.tasklane.bench;

/** A workload that could not be measured: a wrong result, a missing result, a broken cluster. */
final class BenchFailure extends Exception {

  BenchFailure(String message) {
    super(message);
  }

  BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
