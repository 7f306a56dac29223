package io.tasklane.spi;

/** Thrown by {@link TaskContext#checkCancelled()} when an attempt must stop. */
public final class TaskCancelledException extends RuntimeException {

  public TaskCancelledException() {
    super("cancelled", null, false, false);
  }
}
