package io.tasklane.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs {@code tasklane local …} as the distribution's top-level command does, output captured. */
final class Cli {

  /** Exit code and what went to stdout and stderr. */
  record Run(int code, String out, String err) {
  }

  @Command(name = "tasklane", subcommands = LocalCommand.class)
  static final class Top {
  }

  private Cli() {
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Top())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
