package io.tasklane.client.state;

import io.tasklane.client.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local cluster's files: {@code cluster.json}, {@code token}, {@code logs/}, {@code data/}.
 * The client reads the endpoint and token here; {@code local up} (module local-cluster) writes them.
 */
public record StateDir(Path root) {

  public Path clusterFile() {
    return root.resolve("cluster.json");
  }

  public Path tokenFile() {
    return root.resolve("token");
  }

  public Path logsDir() {
    return root.resolve("logs");
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  public Path log(String nodeName) {
    return logsDir().resolve(nodeName + ".log");
  }

  /** The cluster {@code local up} started, if its file is there. */
  public Optional<ClusterState> readCluster() throws IOException {
    if (!Files.isRegularFile(clusterFile())) {
      return Optional.empty();
    }
    return Optional.of(Json.MAPPER.readValue(clusterFile().toFile(), ClusterState.class));
  }

  public Optional<String> readToken() throws IOException {
    if (!Files.isRegularFile(tokenFile())) {
      return Optional.empty();
    }
    String token = Files.readString(tokenFile(), StandardCharsets.UTF_8).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  public void writeCluster(ClusterState state) throws IOException {
    Files.createDirectories(root);
    Path partial = root.resolve("cluster.json.tmp");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), state);
    Files.move(partial, clusterFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public void removeCluster() throws IOException {
    Files.deleteIfExists(clusterFile());
  }
}
