package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.job.JsonSize;

/** Sizes of outputs (as compact JSON) and errors (cut to a length) for the worker's limits. */
final class OutcomeSize {

  private OutcomeSize() {}

  /** Bytes of {@code value} written as compact JSON (UTF-8), counted without keeping them. */
  static long jsonBytes(JsonNode value) {
    return value == null ? 0 : JsonSize.of(value);
  }

  /** {@code error} cut to {@code maxChars}, saying how much was cut. */
  static String cut(String error, int maxChars) {
    if (error == null || error.length() <= maxChars) {
      return error;
    }
    return error.substring(0, maxChars) + "... (" + (error.length() - maxChars) + " more chars cut)";
  }
}
