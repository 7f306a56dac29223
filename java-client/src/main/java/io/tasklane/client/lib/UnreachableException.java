package io.tasklane.client.lib;

/**
 * The coordinator could not be reached, or kept answering that it cannot serve now (503), through every retry the client's {@link RetryPolicy} allows. The cause is the last failure.
 */
public final class UnreachableException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public UnreachableException(String message, int statusCode, Throwable cause) {
    super(message, statusCode, cause);
  }
}
