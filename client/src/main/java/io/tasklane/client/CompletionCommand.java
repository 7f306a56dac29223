package io.tasklane.client;

import io.tasklane.client.api.Exit;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tasklane completion bash}: a bash completion script for every command and option. */
@Command(name = "completion",
    description = "Print a shell completion script for tasklane (bash; zsh loads it with bashcompinit).",
    footer = {"%nExamples:",
        "  source <(tasklane completion bash)                        # this shell",
        "  tasklane completion bash > ~/.local/share/bash-completion/completions/tasklane",
        Exit.CODES_FOOTER})
public final class CompletionCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash",
      completionCandidates = Shells.class, description = "The shell: ${COMPLETION-CANDIDATES}. Default: bash.")
  String shell;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec
  CommandSpec spec;

  /** The shells a script can be printed for. */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("bash").iterator();
    }
  }

  @Override
  public Integer call() {
    if (!"bash".equals(shell)) {
      spec.commandLine().getErr().println("only bash is supported, not '" + shell + "'");
      return Exit.USAGE;
    }
    var root = spec.root();
    spec.commandLine().getOut().print(AutoComplete.bash(root.name(), root.commandLine()));
    spec.commandLine().getOut().flush();
    return Exit.OK;
  }
}
