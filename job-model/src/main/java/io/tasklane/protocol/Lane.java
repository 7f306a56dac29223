package io.tasklane.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The two kinds of work: tasks that mostly wait, and tasks that mostly compute. */
public enum Lane {
  /** Asynchronous: thousands in flight per node, no thread held while a task waits. */
  @JsonProperty("io")
  IO,
  /** A dedicated dispatcher sized to the node's cores, one task per thread. */
  @JsonProperty("cpu")
  CPU;

  /** Computed once: it is written for every task. */
  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name used in job files, output and the API. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code io} or {@code cpu} (any case); throws IllegalArgumentException otherwise. */
  public static Lane parse(String text) {
    for (Lane lane : values()) {
      if (lane.wireName().equalsIgnoreCase(text)) {
        return lane;
      }
    }
    throw new IllegalArgumentException("lane must be io or cpu, not '" + text + "'");
  }
}
