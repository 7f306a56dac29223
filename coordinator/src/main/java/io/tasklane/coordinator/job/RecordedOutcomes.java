package io.tasklane.coordinator.job;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The first results of one batch as the journal keeps them: the coordinator's own payload, not
 * the wire's {@link TaskOutcome}, so a change of the wire format is no journal migration. Held
 * column by column (a handful of arrays per batch, nothing per outcome): recording is the hot
 * path. Written and read by {@link OutcomeCodec}. Immutable once built.
 */
@JsonSerialize(using = OutcomeCodec.Writer.class)
@JsonDeserialize(using = OutcomeCodec.Reader.class)
public final class RecordedOutcomes {

  private int[] index;
  private TaskStatus[] status;
  /** The output as compact JSON text in UTF-8, or null. */
  private byte[][] output;
  private String[] error;
  private int[] attempts;
  private String[] thread;
  private int size;

  RecordedOutcomes(int capacity) {
    index = new int[capacity];
    status = new TaskStatus[capacity];
    output = new byte[capacity][];
    error = new String[capacity];
    attempts = new int[capacity];
    thread = new String[capacity];
  }

  /** Every outcome of a batch, as it came from the wire (tests, and the first-result filter). */
  static RecordedOutcomes of(List<TaskOutcome> outcomes) {
    RecordedOutcomes recorded = new RecordedOutcomes(outcomes.size());
    for (TaskOutcome outcome : outcomes) {
      recorded.add(outcome);
    }
    return recorded;
  }

  /** Only while it is being filled (before it is journaled). */
  void add(TaskOutcome outcome) {
    add(outcome.index(), outcome.status(), outcome.output() == null ? null : outcome.output().utf8(),
        outcome.error(), outcome.attempts(), outcome.thread());
  }

  void add(int taskIndex, TaskStatus taskStatus, byte[] utf8Output, String taskError, int taskAttempts, String taskThread) {
    if (size == index.length) {
      grow();
    }
    int i = size++;
    index[i] = taskIndex;
    status[i] = Objects.requireNonNull(taskStatus, "status");
    output[i] = utf8Output;
    error[i] = taskError;
    attempts[i] = taskAttempts;
    thread[i] = taskThread;
  }

  /** Room for more (when read from the journal, whose arrays may not say their length). */
  private void grow() {
    int capacity = Math.max(8, size * 2);
    index = Arrays.copyOf(index, capacity);
    status = Arrays.copyOf(status, capacity);
    output = Arrays.copyOf(output, capacity);
    error = Arrays.copyOf(error, capacity);
    attempts = Arrays.copyOf(attempts, capacity);
    thread = Arrays.copyOf(thread, capacity);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int index(int i) {
    return index[i];
  }

  public TaskStatus status(int i) {
    return status[i];
  }

  /** Outcome {@code i}'s output as compact JSON in UTF-8, or null; do not modify. */
  public byte[] output(int i) {
    return output[i];
  }

  public String error(int i) {
    return error[i];
  }

  public int attempts(int i) {
    return attempts[i];
  }

  public String thread(int i) {
    return thread[i];
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RecordedOutcomes that) || that.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (index[i] != that.index[i] || status[i] != that.status[i] || !Arrays.equals(output[i], that.output[i])
          || !Objects.equals(error[i], that.error[i]) || attempts[i] != that.attempts[i]
          || !Objects.equals(thread[i], that.thread[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = size;
    for (int i = 0; i < size; i++) {
      hash = 31 * hash + index[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RecordedOutcomes[");
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? "" : ", ").append(index[i]).append(':').append(status[i].wireName());
    }
    return text.append(']').toString();
  }
}
