package io.tasklane.protocol.task;

import io.tasklane.protocol.Utf8;
import java.util.Objects;

/**
 * What a worker reports for one task after its last attempt.
 *
 * @param index the task's position in its job ({@link TaskSpec#index()})
 * @param output the handler's output as compact JSON text, null unless succeeded
 * @param error the reason, null when succeeded
 * @param attempts attempts made, at least 1 (0 for a task cancelled before it started)
 * @param thread the name of the thread that ran the (last) attempt
 */
// On the wire through io.tasklane.protocol.codec.BatchSerializer; the coordinator journals its
// own record of it (io.tasklane.coordinator.job.RecordedOutcomes), so this is a plain record.
public record TaskOutcome(int index, TaskStatus status, RawJson output, String error, int attempts, String thread) {

  /** What an outcome costs besides its output and error: index, status, attempts, thread. */
  public static final int OVERHEAD_BYTES = 64;

  public TaskOutcome {
    Objects.requireNonNull(status, "status");
  }

  /**
   * Its size in a message, estimated: the output's and the error's UTF-8 bytes plus
   * {@link #OVERHEAD_BYTES}. The worker splits result batches by it and the coordinator groups
   * them by it, so that no message outgrows the transport's frame.
   */
  public long estimatedBytes() {
    return OVERHEAD_BYTES + (output == null ? 0 : output.size()) + Utf8.length(error);
  }
}
