package io.tasklane.client.lib;

import java.util.List;

/**
 * The coordinator refused a job or an append (400): every problem it found, each naming the
 * field (for example {@code tasks[0].input.ms}) and what is wrong with it. Nothing was queued.
 */
public final class InvalidJobException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with a job.
   *
   * @param file the name the job was submitted under ({@code job.json} for a built job)
   * @param line the 1-based line in its text, 0 when not known
   * @param field the field's path, e.g. {@code tasks[2].timeout}; empty for the whole text
   * @param message what is wrong
   */
  public record Problem(String file, int line, String field, String message) {

    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
  }

  private final transient List<Problem> problems;

  public InvalidJobException(String message, List<Problem> problems) {
    super(message + describe(problems), 400, null);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found; at least one. */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    StringBuilder text = new StringBuilder();
    for (Problem problem : problems) {
      text.append(System.lineSeparator()).append("  ").append(problem);
    }
    return text.toString();
  }
}
