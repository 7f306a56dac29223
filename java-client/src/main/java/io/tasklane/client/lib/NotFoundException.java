package io.tasklane.client.lib;

/**
 * No such job (404): the id is wrong, or the job was submitted to another cluster.
 */
public final class NotFoundException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public NotFoundException(String message, int statusCode, Throwable cause) {
    super(message, statusCode, cause);
  }
}
