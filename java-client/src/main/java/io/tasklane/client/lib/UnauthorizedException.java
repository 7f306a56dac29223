package io.tasklane.client.lib;

/**
 * The coordinator refused the token (401, 403): a missing, wrong or expired {@code TASKLANE_TOKEN}. Retrying with the same token cannot help.
 */
public final class UnauthorizedException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message, int statusCode, Throwable cause) {
    super(message, statusCode, cause);
  }
}
