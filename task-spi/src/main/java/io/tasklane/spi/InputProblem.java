package io.tasklane.spi;

import java.util.Objects;

/**
 * One thing wrong with a task's input, found by {@link InputSchema#problems}.
 *
 * @param path where: {@code input} for the whole input, {@code input.ms}, {@code input.argv[2]},
 *     {@code input["a key"]} for a name that is not a plain identifier
 * @param message what, e.g. {@code must be an integer, got "abc"} or {@code required}
 */
public record InputProblem(String path, String message) {

  public InputProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code input.ms: must be an integer, got "abc"}. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
