package io.tasklane.client.lib;

/** How a task ended. */
public enum TaskStatus {
  SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

  /** The status of a result line's {@code status}; null for a name this client does not know. */
  static TaskStatus of(String wireName) {
    for (TaskStatus status : values()) {
      if (status.name().equalsIgnoreCase(wireName)) {
        return status;
      }
    }
    return null;
  }
}
