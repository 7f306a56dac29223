package io.tasklane.client.api;

import io.tasklane.client.lib.ConflictException;
import io.tasklane.client.lib.InvalidJobException;
import io.tasklane.client.lib.InvalidRequestException;
import io.tasklane.client.lib.NotFoundException;
import io.tasklane.client.lib.TasklaneException;
import io.tasklane.client.lib.UnauthorizedException;
import io.tasklane.protocol.job.JobSpecException.Problem;
import java.util.List;

/**
 * A command that did not do what was asked, with the exit code it should end with
 * ({@link io.tasklane.client.api.Exit}) and, for an invalid job spec, every problem the server
 * (or the local check) found. {@link #of(TasklaneException)} turns the client library's typed
 * errors into these.
 */
public final class ApiException extends Exception {

  private final int exitCode;
  private final transient List<Problem> problems;

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
    super(message, cause);
    this.exitCode = exitCode;
    this.problems = List.copyOf(problems);
  }

  /**
   * The exit code of a library error: 2 for what the user can fix (an invalid job, with its
   * problems; a refused request; no such job or plugin; an id used for another job), 3 for a
   * coordinator that cannot be reached, refuses the token or fails (5xx).
   */
  public static ApiException of(TasklaneException failure) {
    if (failure instanceof InvalidJobException) {
      List<Problem> problems = ((InvalidJobException) failure).problems().stream()
          .map(p -> new Problem(p.file(), p.line(), p.field(), p.message())).toList();
      return new ApiException(Exit.USAGE, failure.getMessage(), problems, failure);
    }
    int exit = userCanFix(failure) ? Exit.USAGE : Exit.UNREACHABLE;
    return new ApiException(exit, failure.getMessage(), List.of(), failure);
  }

  /**
   * True when a try again may pass: a lost connection, a coordinator that answered 5xx (failing
   * over); false for what would only be refused again (bad input, the token, no such job).
   */
  public static boolean worthRetrying(TasklaneException failure) {
    return !userCanFix(failure) && !(failure instanceof UnauthorizedException)
        && !(failure instanceof InvalidJobException);
  }

  private static boolean userCanFix(TasklaneException failure) {
    return failure instanceof InvalidRequestException || failure instanceof NotFoundException
        || failure instanceof ConflictException;
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
