package io.tasklane.node;

/** A node that will not start as configured; the message says why and how to fix it. */
final class StartRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StartRefused(String message) {
    super(message);
  }
}
