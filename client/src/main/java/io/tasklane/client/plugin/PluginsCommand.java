package io.tasklane.client.plugin;

import io.tasklane.client.api.Exit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tasklane plugins add|list|remove}. */
@Command(name = "plugins",
    description = {"Manage plugins: jars of task handlers that the coordinator keeps (in its journal) and delivers "
        + "to every worker, also to workers that join later.",
        "Each version (name + SHA-256) loads in a class loader of its own; a job runs the newest version of a type, "
        + "or the one it names as TYPE@VERSION."},
    subcommands = {PluginsAddCommand.class, PluginsListCommand.class, PluginsRemoveCommand.class},
    footer = {"%nExamples:",
        "  tasklane plugins add target/words-1.2.jar",
        "  tasklane plugins list",
        "  tasklane plugins remove words",
        Exit.CODES_FOOTER})
public final class PluginsCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("missing subcommand: add, list or remove");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exit.USAGE;
  }
}
