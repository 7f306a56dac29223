package io.tasklane.spi.testing;

import java.time.Duration;

/**
 * The attempt did not end within the harness's timeout (the task's {@code timeout} on a worker,
 * where it would be retried or reported {@code TIMED_OUT}).
 */
public final class TaskTimedOut extends RuntimeException {

  TaskTimedOut(String type, Duration timeout, boolean stopped) {
    super(type + ": timed out after " + timeout.toMillis() + "ms"
        + (stopped ? "" : ", and did not stop when cancelled (interrupted and flagged)"));
  }
}
