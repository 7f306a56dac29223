package io.tasklane.client.api;

/**
 * The exit codes of every {@code tasklane} command (docs/cli.md), and their help footer, the one
 * every command shows. Here beside {@link ApiException}, which carries one: the commands' packages
 * depend on this one, never the other way.
 */
public final class Exit {

  /** Every task succeeded (or the command did what was asked). */
  public static final int OK = 0;
  /** The job ended with failed, timed-out or cancelled tasks (or has not ended yet). */
  public static final int TASKS_NOT_SUCCEEDED = 1;
  /** A usage error, an invalid job file, or no such job. */
  public static final int USAGE = 2;
  /** The coordinator cannot be reached or refused the credentials. */
  public static final int UNREACHABLE = 3;

  /** The help footer listing the exit codes; every command shows it, {@code tasklane} and {@code run} too. */
  public static final String CODES_FOOTER = "%nExit codes:%n"
      + "  0  every task succeeded / done%n"
      + "  1  the job ended with failed, timed-out or cancelled tasks%n"
      + "  2  usage error, invalid job file, or no such job%n"
      + "  3  the coordinator cannot be reached or refused the credentials";

  private Exit() {
  }
}
