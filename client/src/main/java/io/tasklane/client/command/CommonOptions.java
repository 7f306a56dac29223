package io.tasklane.client.command;

import io.tasklane.client.api.Exit;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.Terminal;
import io.tasklane.client.state.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: output format, colors, the local cluster's state dir, help. */
public final class CommonOptions {

  @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
      converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Names.class,
      description = "Output format: table (for people) or json (for scripts). Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:TASKLANE_STATE_DIR:-.tasklane}",
      description = "The local cluster's endpoint, token, pids and logs "
          + "(env TASKLANE_STATE_DIR). Default: ${DEFAULT-VALUE}")
  Path stateDir;

  @Option(names = "--no-color", description = "No colors (also when env NO_COLOR is set).")
  boolean noColor;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  public OutputFormat output() {
    return output;
  }

  /** True unless {@code --no-color} or env {@code NO_COLOR}. */
  public boolean colors() {
    return Terminal.colors(noColor);
  }

  public StateDir stateDir() {
    return new StateDir(stateDir);
  }
}
