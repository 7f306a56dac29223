package io.tasklane.spi.testing;

/** A line a handler logged through {@code TaskContext.log()} during a {@link TaskHarness} run. */
public record LogLine(System.Logger.Level level, String message) {

  @Override
  public String toString() {
    return level + " " + message;
  }
}
