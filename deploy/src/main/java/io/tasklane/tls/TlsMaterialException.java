package io.tasklane.tls;

/**
 * TLS material that cannot be used, with a message that names the file and what is wrong with it.
 * A node that gets one does not start.
 */
public final class TlsMaterialException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TlsMaterialException(String message) {
    super(message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
