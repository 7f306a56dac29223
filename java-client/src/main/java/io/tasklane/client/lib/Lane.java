package io.tasklane.client.lib;

import java.util.Locale;

/** Where a task runs on a worker: the asynchronous I/O lane, the CPU lane, or the one the worker measures as fitting. */
public enum Lane {
  IO, CPU, AUTO;

  /** The name in job files and results: {@code io}, {@code cpu}, {@code auto}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The lane of a wire name; null for null or a name this client does not know. */
  static Lane of(String wireName) {
    for (Lane lane : values()) {
      if (lane.wireName().equals(wireName)) {
        return lane;
      }
    }
    return null;
  }
}
