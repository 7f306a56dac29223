package io.tasklane.client.lib;

/**
 * The coordinator refused a request that clashes with what it has (409): a job id or idempotency key used before for another spec, an append to a job that takes no more tasks (closed, ended, not open, or at its limits).
 */
public final class ConflictException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public ConflictException(String message, int statusCode, Throwable cause) {
    super(message, statusCode, cause);
  }
}
