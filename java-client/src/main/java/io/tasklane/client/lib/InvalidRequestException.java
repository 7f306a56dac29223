package io.tasklane.client.lib;

/**
 * The coordinator refused a request that is not a job as it was sent (400, 413): a plugin jar it
 * cannot take (no handler, a type that is there already, over its size limit), a query it does
 * not understand. The message is the coordinator's reason. Not retried: it would only be refused
 * again.
 */
public final class InvalidRequestException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message, int statusCode) {
    super(message, statusCode, null);
  }
}
