package io.tasklane.spi;

import java.util.Locale;

/** Where a task type's tasks run: the I/O lane, the CPU lane, or whichever its measurements say. */
public enum LaneChoice {
  /** Mostly waits: the I/O lane (asynchronous, or on virtual threads when it blocks). */
  IO,
  /** Mostly computes: the CPU lane (a dispatcher sized to the node's cores). */
  CPU,
  /**
   * Measured: the worker times the type's first executions (thread CPU time over wall time)
   * and sends it to the CPU lane if it mostly computes, to the I/O lane if it mostly waits,
   * and keeps measuring. Only for function handlers ({@link CpuTaskHandler}).
   */
  AUTO;

  /** The name used in job files, output and the API: {@code io}, {@code cpu} or {@code auto}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code io}, {@code cpu} or {@code auto} (any case); IllegalArgumentException otherwise. */
  public static LaneChoice parse(String text) {
    for (LaneChoice lane : values()) {
      if (lane.wireName().equalsIgnoreCase(text)) {
        return lane;
      }
    }
    throw new IllegalArgumentException("lane must be io, cpu or auto, not '" + text + "'");
  }
}
