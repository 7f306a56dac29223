package io.tasklane.node;

import io.tasklane.tls.NodeTls;
import io.tasklane.tls.TlsMaterialException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  @Option(names = "--ports-file", paramLabel = "FILE",
      description = "Once the node listens, write the addresses it is bound to (its cluster port, a coordinator's "
          + "HTTP port) to FILE as JSON, for scripts and tests that start it on port 0. Default: none.")
  Path portsFile;

  @Option(names = "--tls-dir", paramLabel = "DIR", defaultValue = "${env:TASKLANE_TLS_DIR}",
      description = "TLS material from 'tasklane certs init' (env TASKLANE_TLS_DIR): TLS with mutual authentication "
          + "between nodes (only nodes with a certificate from the cluster's CA join), HTTPS for the API. "
          + "Required off loopback unless --insecure.")
  Path tlsDir;

  @Option(names = "--insecure",
      description = "Allow a non-loopback --host without TLS: plain text, and anyone who reaches the port can join "
          + "(env TASKLANE_INSECURE=1). Logged as a warning.")
  boolean insecure;

  /**
   * The node's TLS material, loaded and checked now (Pekko would open it only at the first
   * connection); null for a plain-text node, which is refused off loopback unless {@code --insecure}.
   *
   * @param servesHttps the node serves the HTTPS API on its host: its certificate must name the host
   * @throws StartRefused saying what is wrong and how to fix it
   */
  NodeTls tls(boolean servesHttps) {
    if (tlsDir != null && !tlsDir.toString().isBlank()) {
      try {
        return NodeTls.load(tlsDir, servesHttps ? host : null, Instant.now());
      } catch (TlsMaterialException unusable) {
        throw new StartRefused(unusable.getMessage());
      }
    }
    boolean insecureChosen = insecure || BindPolicy.truthy(System.getenv("TASKLANE_INSECURE"));
    if (BindPolicy.verdict(BindPolicy.isLoopback(host), false, insecureChosen) == BindPolicy.Verdict.REFUSE) {
      throw new StartRefused(BindPolicy.refusal(host));
    }
    return null;
  }

  /** Whether the node serves on a non-loopback address in plain text (then it warns). */
  boolean plainOffLoopback() {
    return (tlsDir == null || tlsDir.toString().isBlank()) && !BindPolicy.isLoopback(host);
  }

  /** The {@code --ports-file}, written with this process's id already; empty without the option. */
  Optional<PortsFile> portsFile() {
    return portsFile == null || portsFile.toString().isBlank()
        ? Optional.empty() : Optional.of(PortsFile.open(portsFile));
  }

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
