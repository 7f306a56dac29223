package io.tasklane.local;

import io.tasklane.client.api.Exit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tasklane local up|down|status}: a cluster of JVMs on this machine. */
@Command(name = "local",
    description = "Run a coordinator and workers as background JVMs on 127.0.0.1; "
        + "endpoint, token, pids and logs live in .tasklane/.",
    subcommands = {LocalUpCommand.class, LocalStatusCommand.class, LocalDownCommand.class},
    footer = {"%nExamples:",
        "  tasklane local up --workers 3",
        "  tasklane submit job.yaml --wait",
        "  tasklane local status -o json",
        "  tasklane local down",
        Exit.CODES_FOOTER})
public final class LocalCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("missing subcommand: up, down or status");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exit.USAGE;
  }
}
