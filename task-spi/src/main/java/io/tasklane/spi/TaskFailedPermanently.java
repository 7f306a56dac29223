package io.tasklane.spi;

/**
 * A failure that another attempt would only repeat: bad input, a 4xx answer, a result that can
 * never fit. Thrown by a handler (or completing its stage), it ends the task at once as failed
 * with this message as the reason, whatever retries the task has left. Any other exception
 * counts as possibly transient and is retried.
 */
public final class TaskFailedPermanently extends RuntimeException {

  /** @param reason what failed and why, for the user: it is the task's error text */
  public TaskFailedPermanently(String reason) {
    super(reason);
  }

  public TaskFailedPermanently(String reason, Throwable cause) {
    super(reason, cause);
  }
}
