package io.tasklane.client.command;

import io.tasklane.client.api.ApiClient;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.CaTrust;
import io.tasklane.client.api.Exit;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the coordinator is and the token it wants: {@code --server}/{@code --token} (or
 * their environment variables), else the local cluster's {@code cluster.json} and
 * {@code token} in the state dir.
 */
public final class ServerOptions {

  static final String NO_CLUSTER =
      "no local cluster: run `tasklane local up` or pass --server/--token";

  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:TASKLANE_SERVER}",
      description = "The coordinator's HTTP API, e.g. https://10.0.0.1:8080 (env TASKLANE_SERVER). "
          + "Default: the local cluster's.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TASKLANE_TOKEN}",
      description = "The API token (env TASKLANE_TOKEN). Default: the local cluster's.")
  String token;

  @Option(names = "--ca-file", paramLabel = "FILE", defaultValue = "${env:TASKLANE_CA_FILE}",
      description = "Trust this CA for an https:// server: the ca.pem of 'tasklane certs init' (env TASKLANE_CA_FILE). "
          + "Default: the JDK's public CAs.")
  Path caFile;

  /** A client for the chosen coordinator; exit 3 when neither options nor a local cluster say which. */
  public ApiClient connect(StateDir stateDir) throws ApiException {
    String url = present(server).orElse(null);
    String secret = present(token).orElse(null);
    try {
      if (url == null) {
        url = stateDir.readCluster().map(ClusterState::server).orElse(null);
      }
      if (secret == null) {
        secret = stateDir.readToken().orElse(null);
      }
    } catch (IOException unreadable) {
      throw new ApiException(Exit.UNREACHABLE,
          "cannot read the local cluster's state in " + stateDir.root() + ": " + unreadable.getMessage());
    }
    if (url == null || secret == null) {
      throw new ApiException(Exit.UNREACHABLE, NO_CLUSTER);
    }
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("needs http://host:port");
      }
      boolean trustCa = caFile != null && !caFile.toString().isBlank() && "https".equalsIgnoreCase(uri.getScheme());
      return new ApiClient(uri, secret, trustCa ? CaTrust.fromPem(caFile) : null);
    } catch (IllegalArgumentException bad) {
      throw new ApiException(Exit.USAGE, "not a server URL: '" + url + "' (" + bad.getMessage() + ")");
    }
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
  }
}
