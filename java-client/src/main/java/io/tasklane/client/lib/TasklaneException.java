package io.tasklane.client.lib;

/**
 * A call to the coordinator that did not do what was asked. Unchecked, so that it can pass
 * through a {@code Stream}, a {@code Flow.Subscriber} or a {@code CompletableFuture} unchanged;
 * the subclasses say which kind of failure it was, so that a caller can tell a bad job from a
 * cluster that is down.
 */
public class TasklaneException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int statusCode;

  public TasklaneException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  public TasklaneException(String message) {
    this(message, 0, null);
  }

  /** The HTTP status the coordinator answered with; 0 when there was no answer. */
  public int statusCode() {
    return statusCode;
  }
}
