package io.tasklane.client.testing;

import io.tasklane.client.ClientCommands;
import io.tasklane.client.CompletionCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs client commands the way the top-level {@code tasklane} command will, output captured. */
public final class Cli {

  /** Exit code and what went to stdout and stderr. */
  public record Run(int code, String out, String err) {
  }

  /** Like the distribution's top-level command: help and version at the root. */
  @Command(name = "tasklane", mixinStandardHelpOptions = true, version = "tasklane test")
  static final class Top {
  }

  private Cli() {
  }

  public static CommandLine commandLine() {
    CommandLine top = new CommandLine(new Top());
    ClientCommands.all().forEach(top::addSubcommand);
    top.addSubcommand(new CompletionCommand());
    return top;
  }

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine top = commandLine();
    top.setOut(new PrintWriter(out, true));
    top.setErr(new PrintWriter(err, true));
    int code = top.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
