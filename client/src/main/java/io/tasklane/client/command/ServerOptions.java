package io.tasklane.client.command;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.lib.RetryPolicy;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the coordinator is and the token it wants: {@code --server}/{@code --token} (or
 * their environment variables), else the local cluster's {@code cluster.json} and
 * {@code token} in the state dir; {@code --ca-file} for an HTTPS coordinator whose certificate
 * a private CA signed.
 */
public final class ServerOptions {

  /**
   * Each call is made once: a command reports a coordinator it cannot reach at once (exit 3)
   * rather than after a series of retries. The backoffs pace a {@code results --follow} that
   * resumes after a lost connection.
   */
  public static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ofMillis(250), Duration.ofSeconds(2));

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
  public TasklaneClient connect(StateDir stateDir) throws ApiException {
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
      TasklaneClient.Builder client = TasklaneClient.builder().server(url).token(secret).retry(ONE_ATTEMPT);
      if (caFile != null && !caFile.toString().isBlank()) {
        client.caFile(caFile);
      }
      return client.build();
    } catch (IllegalArgumentException bad) {
      throw new ApiException(Exit.USAGE, bad.getMessage());
    }
  }

  private static Optional<String> present(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
  }
}
