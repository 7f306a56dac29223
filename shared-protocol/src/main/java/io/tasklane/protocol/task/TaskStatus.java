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

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
