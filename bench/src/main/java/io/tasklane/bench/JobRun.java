package io.tasklane.bench;

/**
 * One job, end to end, as the client saw it.
 *
 * @param nanos from just before the submit until the client held every result
 * @param results how many results the client received
 * @param succeeded how many of them succeeded
 * @param firstOutput the first result's output as compact JSON ("" when none)
 * @param via how the end was learnt: {@code wait} (results inline), {@code poll} or {@code sse}
 * @param endNanos from just before the submit until the client knew the job had ended (before
 *     fetching the results; equal to {@code nanos} with {@code wait})
 */
record JobRun(long nanos, long results, long succeeded, String firstOutput, String via, long endNanos) {

  double seconds() {
    return nanos / 1e9;
  }

  double millis() {
    return nanos / 1e6;
  }
}
