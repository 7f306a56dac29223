package io.tasklane.protocol.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a task ended. Every accepted task ends with exactly one of these. */
public enum TaskStatus {
  @JsonProperty("succeeded")
  SUCCEEDED,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("timed_out")
  TIMED_OUT,
  @JsonProperty("cancelled")
  CANCELLED;

  /** Computed once: it is written for every result. */
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }
}
