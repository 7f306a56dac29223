package io.tasklane.worker.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The folder where a worker keeps the plugin jars it fetched, named by their SHA-256, each
 * written to a part file first and moved in place once its digest checks out. Every method
 * blocks: call them off actor threads (the plugin sync does, one at a time).
 */
final class PluginCache {

  private final Path dir;
  private final boolean temporary;
  private final Map<String, Path> parts = new HashMap<>();

  private PluginCache(Path dir, boolean temporary) {
    this.dir = dir;
    this.temporary = temporary;
  }

  /** {@code configured} (created if missing), or with none a new owner-only temporary folder. */
  static PluginCache open(Path configured) throws IOException {
    if (configured != null) {
      return new PluginCache(Files.createDirectories(configured), false);
    }
    Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? Files.createTempDirectory("tasklane-plugins-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createTempDirectory("tasklane-plugins-");
    return new PluginCache(dir, true);
  }

  Path dir() {
    return dir;
  }

  Path jar(PluginVersion version) {
    return dir.resolve(version.digest() + ".jar");
  }

  /** Whether the jar is here already, whole (a damaged one is deleted). */
  boolean has(PluginVersion version) throws IOException {
    Path jar = jar(version);
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    if (Files.size(jar) == version.size() && sha256(jar).equals(version.digest())) {
      return true;
    }
    Files.deleteIfExists(jar);
    return false;
  }

  /** Starts receiving a jar: a new, empty part file of its own. */
  void begin(PluginVersion version) throws IOException {
    abandon(version);
    parts.put(version.digest(), Files.createTempFile(dir, version.digest() + "-", ".part"));
  }

  void append(PluginVersion version, byte[] bytes) throws IOException {
    Files.write(part(version), bytes, StandardOpenOption.APPEND);
  }

  /** Every chunk written: checks size and digest, then moves the jar in place; returns it. */
  Path complete(PluginVersion version) throws IOException {
    Path part = part(version);
    long size = Files.size(part);
    String digest = sha256(part);
    if (size != version.size() || !digest.equals(version.digest())) {
      abandon(version);
      throw new IOException("plugin " + version.label() + " arrived damaged: " + size + " bytes with SHA-256 " + digest);
    }
    parts.remove(version.digest());
    return Files.move(part, jar(version), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Drops a jar being received (if any). */
  void abandon(PluginVersion version) throws IOException {
    Path part = parts.remove(version.digest());
    if (part != null) {
      Files.deleteIfExists(part);
    }
  }

  /** Removes a temporary folder and what is in it (a configured one stays). */
  void deleteIfTemporary() throws IOException {
    if (!temporary) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  private Path part(PluginVersion version) throws IOException {
    Path part = parts.get(version.digest());
    if (part == null) {
      throw new IOException("no download of plugin " + version.label() + " in progress");
    }
    return part;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
