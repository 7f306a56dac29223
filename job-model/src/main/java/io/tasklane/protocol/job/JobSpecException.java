package io.tasklane.protocol.job;

import java.util.List;
import java.util.stream.Collectors;

/** A job file or posted job spec that cannot run; carries every problem found. */
public final class JobSpecException extends Exception {

  /**
   * One thing wrong with a job spec.
   *
   * @param file the file name (or "request" for a posted spec)
   * @param line 1-based line, 0 if unknown
   * @param field the path of the field, e.g. {@code tasks[2].input}; empty for the whole file
   */
  public record Problem(String file, int line, String field, String message) {

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(file);
      if (line > 0) {
        text.append(':').append(line);
      }
      text.append(": ");
      if (!field.isEmpty()) {
        text.append(field).append(": ");
      }
      return text.append(message).toString();
    }
  }

  private final transient List<Problem> problems;

  public JobSpecException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
