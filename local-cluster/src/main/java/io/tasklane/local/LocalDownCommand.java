package io.tasklane.local;

import io.tasklane.client.api.Exit;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tasklane local down}. */
@Command(name = "down",
    description = "Stop the local cluster's nodes (SIGTERM, then SIGKILL after a grace period). "
        + "Data and logs stay; running it twice is fine.",
    footer = {"%nExamples:",
        "  tasklane local down",
        "  tasklane local down --grace 30",
        Exit.CODES_FOOTER})
final class LocalDownCommand extends LocalSubcommand {

  @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long nodes get to stop before they are killed (a node recording its AOT cache "
          + "writes it as it stops: a few seconds more). Default: ${DEFAULT-VALUE}.")
  int graceSeconds;

  @Override
  int run(StateDir state, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    Optional<ClusterState> cluster = state.readCluster();
    if (cluster.isEmpty()) {
      out.println("no local cluster in " + state.root() + ": nothing to stop");
      return Exit.OK;
    }
    List<ProcessHandle> running = cluster.get().nodes().stream()
        .map(node -> NodeProcesses.find(node.pid()))
        .flatMap(Optional::stream)
        .toList();
    int killed = NodeProcesses.stop(running, Duration.ofSeconds(graceSeconds));
    state.removeCluster();
    out.println("stopped " + running.size() + " node(s)"
        + (killed > 0 ? ", " + killed + " killed after " + graceSeconds + " s" : "")
        + "; logs and data kept in " + state.root());
    return Exit.OK;
  }
}
