package io.tasklane.node;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every node command shares (docs/cli.md, "Nodes"). */
public final class NodeOptions {

  @Option(names = "--host", defaultValue = "${env:TASKLANE_HOST:-127.0.0.1}",
      description = "Address this node binds and announces (env TASKLANE_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:TASKLANE_PORT:-17355}",
      description = "Cluster (Artery) port; 0 = any free port (env TASKLANE_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--seeds", split = ",", paramLabel = "HOST:PORT",
      defaultValue = "${env:TASKLANE_SEEDS}",
      description = "Seed nodes to join, comma-separated (env TASKLANE_SEEDS). Default: none, "
          + "this node starts a new cluster.")
  List<String> seeds = new ArrayList<>();

  List<String> seeds() {
    List<String> clean = new ArrayList<>();
    if (seeds != null) {
      for (String seed : seeds) {
        if (seed != null && !seed.isBlank()) {
          clean.add(seed.trim());
        }
      }
    }
    return clean;
  }
}
