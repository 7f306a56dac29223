package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a client finds its server and token, as the {@code tasklane} command does:
 * {@code TASKLANE_SERVER} / {@code TASKLANE_TOKEN}, else the local cluster's
 * {@code cluster.json} ({@code "server"}) and {@code token} in {@code TASKLANE_STATE_DIR}
 * (default {@code .tasklane}); {@code TASKLANE_CA_FILE}, a PEM file of the CA to trust for an
 * {@code https://} server.
 */
final class ClientSettings {

  static final String HOW_TO_CONNECT = "give server and token, set TASKLANE_SERVER and TASKLANE_TOKEN, "
      + "or run `tasklane local up` in the working directory";

  private ClientSettings() {
  }

  static URI serverUri(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("needs http(s)://host:port");
      }
      return uri;
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("not a server URL: '" + url + "' (" + bad.getMessage() + ")", bad);
    }
  }

  static String token(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the API token must not be empty");
    }
    return token.trim();
  }

  static void fromEnvironment(Map<String, String> env, TasklaneClient.Builder builder) {
    String server = env.get("TASKLANE_SERVER");
    String token = env.get("TASKLANE_TOKEN");
    String caFile = env.get("TASKLANE_CA_FILE");
    if (caFile != null && !caFile.isBlank()) {
      builder.caFile(Path.of(caFile.trim()));
    }
    if (server != null && !server.isBlank()) {
      builder.server(server);
    }
    if (token != null && !token.isBlank()) {
      builder.token(token);
    }
  }

  static void discover(Map<String, String> env, TasklaneClient.Builder builder) {
    fromEnvironment(env, builder);
    if (!builder.hasServer() || !builder.hasToken()) {
      String dir = env.getOrDefault("TASKLANE_STATE_DIR", "");
      fromStateDir(Path.of(dir.isBlank() ? ".tasklane" : dir), builder, false);
    }
  }

  /** Fills what the builder lacks ({@code all}: both) from {@code stateDir}. */
  static void fromStateDir(Path stateDir, TasklaneClient.Builder builder, boolean all) {
    Path cluster = stateDir.resolve("cluster.json");
    Path token = stateDir.resolve("token");
    if (!Files.isRegularFile(cluster) || !Files.isRegularFile(token)) {
      throw new IllegalStateException("no local cluster in " + stateDir.toAbsolutePath() + ": " + HOW_TO_CONNECT);
    }
    try {
      if (all || !builder.hasServer()) {
        JsonNode state = Json.MAPPER.readTree(cluster.toFile());
        String server = state.path("server").asText("");
        if (server.isEmpty()) {
          throw new IllegalStateException(cluster + " names no server: run `tasklane local up` again");
        }
        builder.server(server);
      }
      if (all || !builder.hasToken()) {
        builder.token(Files.readString(token, StandardCharsets.UTF_8));
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the local cluster's state in " + stateDir + ": "
          + unreadable.getMessage(), unreadable);
    }
  }

  /** Runs {@code task} on a new daemon thread: a publisher's subscriber reads there until the job ends. */
  static void daemonThread(Runnable task) {
    Thread thread = new Thread(task, "tasklane-results");
    thread.setDaemon(true);
    thread.start();
  }
}
