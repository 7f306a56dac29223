package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A posted jar that passed {@link JarCheck}: the version to announce to the store (its
 * {@code addedAt} is set by the store) and its chunks, ready to send.
 */
public record Candidate(PluginVersion plugin, List<byte[]> chunks) {

  public Candidate {
    chunks = List.copyOf(chunks);
  }

  /**
   * Checks {@code bytes} as the plugin jar {@code fileName}: written to a temporary file (the
   * class loader reads it there), checked, deleted. Blocks and runs user code: not on an actor.
   */
  public static Candidate check(String fileName, byte[] bytes, PluginSettings settings) throws PluginRefused {
    String name = fileName == null ? "" : Path.of(fileName).getFileName().toString();
    if (name.isBlank()) {
      throw new PluginRefused("a plugin jar needs its file name (POST /api/plugins?file=NAME.jar)");
    }
    if (bytes.length > settings.maxBytes()) {
      throw new PluginRefused("plugin " + name + " refused: " + bytes.length
          + " bytes is over tasklane.coordinator.plugins.max-bytes (" + settings.maxBytes() + ")");
    }
    String digest = JarBytes.sha256(bytes);
    Path file = null;
    try {
      file = Files.createTempFile("tasklane-plugin-check-", ".jar");
      Files.write(file, bytes);
      JarCheck.CheckedJar jar = JarCheck.check(name, file, digest, JarCheck.class.getClassLoader());
      List<byte[]> chunks = JarBytes.chunks(bytes, settings.chunkBytes());
      return new Candidate(
          new PluginVersion(jar.name(), jar.version(), digest, bytes.length, chunks.size(), jar.types(), 0), chunks);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a temporary file to check plugin " + name + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      file.toFile().deleteOnExit();
    }
  }
}
