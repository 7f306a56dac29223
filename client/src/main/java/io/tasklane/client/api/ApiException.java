package io.tasklane.client.api;

import io.tasklane.protocol.job.JobSpecException.Problem;
import java.util.List;

/**
 * A call to the coordinator that did not give the answer asked for, with the exit code the
 * command should end with ({@link io.tasklane.client.api.Exit}) and, for an invalid job spec,
 * every problem the server (or the local check) found.
 */
public final class ApiException extends Exception {

  private final int exitCode;
  private final transient List<Problem> problems;
  private final boolean worthRetrying;

  public ApiException(int exitCode, String message) {
    this(exitCode, message, List.of(), null);
  }

  public ApiException(int exitCode, String message, Throwable cause) {
    this(exitCode, message, List.of(), cause);
  }

  public ApiException(int exitCode, String message, List<Problem> problems) {
    this(exitCode, message, problems, null);
  }

  private ApiException(int exitCode, String message, List<Problem> problems, Throwable cause) {
    this(exitCode, message, problems, cause, false);
  }

  private ApiException(int exitCode, String message, List<Problem> problems, Throwable cause,
      boolean worthRetrying) {
    super(message, cause);
    this.exitCode = exitCode;
    this.problems = List.copyOf(problems);
    this.worthRetrying = worthRetrying;
  }

  /**
   * A failure that may pass (a lost connection, a 5xx while a coordinator fails over): exit 3,
   * and a caller that can reconnect may try again.
   */
  public static ApiException transientFailure(String message, Throwable cause) {
    return new ApiException(io.tasklane.client.api.Exit.UNREACHABLE, message, List.of(), cause, true);
  }

  /** True for a {@link #transientFailure}; false for a refused token, an unknown job, a bad request. */
  public boolean worthRetrying() {
    return worthRetrying;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The problems of an invalid job spec; empty otherwise. */
  public List<Problem> problems() {
    return problems;
  }

  /** What to print on stderr: each problem on its line, else the message. */
  public List<String> errorLines() {
    if (problems.isEmpty()) {
      return List.of(getMessage());
    }
    return problems.stream().map(Problem::toString).toList();
  }
}
