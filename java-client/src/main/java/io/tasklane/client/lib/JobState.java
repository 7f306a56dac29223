package io.tasklane.client.lib;

/** A job's state: running until every task ended, then how it ended. */
public enum JobState {
  RUNNING, SUCCEEDED, FAILED, CANCELLED;

  /** True once the job has ended: no task of it will run again. */
  public boolean isEnded() {
    return this != RUNNING;
  }

  /** As the coordinator writes it: {@code running}, {@code succeeded}, … */
  String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static JobState of(String wireName) {
    for (JobState state : values()) {
      if (state.name().equalsIgnoreCase(wireName)) {
        return state;
      }
    }
    throw new TasklaneException("the coordinator sent an unknown job state '" + wireName + "'");
  }
}
