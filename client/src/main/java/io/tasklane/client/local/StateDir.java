package io.tasklane.client.local;

import io.tasklane.client.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** The local cluster's files: {@code cluster.json}, {@code token}, {@code logs/}, {@code data/}. */
public record StateDir(Path root) {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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

  /** Writes the token readable and writable by its owner only (600). */
  public void writeToken(String token) throws IOException {
    Files.createDirectories(root);
    Path file = tokenFile();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Files.deleteIfExists(file);
    if (posix) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    if (posix) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }
}
