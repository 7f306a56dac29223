package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.job.JsonSize;
import io.tasklane.protocol.task.TaskOutcome;

/** Sizes that keep messages under the transport's frame: outputs as compact JSON, errors. */
final class OutcomeSize {

  /** What an outcome costs besides its output and error: index, status, attempts, thread. */
  static final int OVERHEAD = 64;

  private OutcomeSize() {}

  /** Bytes of {@code value} written as compact JSON (UTF-8), counted without keeping them. */
  static long jsonBytes(JsonNode value) {
    return value == null ? 0 : JsonSize.of(value);
  }

  /** The estimate of one outcome in a batch, given its output's size. */
  static long estimate(TaskOutcome outcome, long outputBytes) {
    return outputBytes + utf8Bytes(outcome.error()) + OVERHEAD;
  }

  /** {@code error} cut to {@code maxChars}, saying how much was cut. */
  static String cut(String error, int maxChars) {
    if (error == null || error.length() <= maxChars) {
      return error;
    }
    return error.substring(0, maxChars) + "... (" + (error.length() - maxChars) + " more chars cut)";
  }

  static long utf8Bytes(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        bytes += 2; // a pair is 4 bytes
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
