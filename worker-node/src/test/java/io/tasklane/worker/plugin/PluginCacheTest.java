package io.tasklane.worker.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginCacheTest {

  private static final byte[] BYTES = "plugin bytes".getBytes();
  /** SHA-256 of {@link #BYTES}. */
  private static final String DIGEST = sha256(BYTES);

  @TempDir Path dir;

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static PluginVersion version(String digest) {
    return new PluginVersion("p", "1", digest, BYTES.length, 2, List.of("t"), 1);
  }

  @Test
  void writesChunksAndMovesTheJarInPlaceOnceItsDigestChecksOut() throws Exception {
    PluginCache cache = PluginCache.open(dir.resolve("cache"));
    PluginVersion version = version(DIGEST);
    assertThat(cache.has(version)).isFalse();

    cache.begin(version);
    cache.append(version, "plugin ".getBytes());
    cache.append(version, "bytes".getBytes());
    Path jar = cache.complete(version);

    assertThat(jar).hasFileName(DIGEST + ".jar").hasBinaryContent(BYTES);
    assertThat(cache.has(version)).isTrue();
    try (var files = Files.list(cache.dir())) {
      assertThat(files.toList()).containsExactly(jar);
    }
  }

  @Test
  void refusesADamagedJarAndLeavesNothing() throws Exception {
    PluginCache cache = PluginCache.open(dir);
    PluginVersion version = version(DIGEST);
    cache.begin(version);
    cache.append(version, "plugin bytez".getBytes());

    assertThatThrownBy(() -> cache.complete(version)).hasMessageContaining("arrived damaged");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void aCachedJarWithOtherBytesIsDeletedNotUsed() throws Exception {
    PluginCache cache = PluginCache.open(dir);
    PluginVersion version = version(DIGEST);
    Files.write(cache.jar(version), "other bytes!".getBytes());

    assertThat(cache.has(version)).isFalse();
    assertThat(cache.jar(version)).doesNotExist();
  }

  @Test
  void aTemporaryFolderIsDeletedWithItsJars() throws Exception {
    PluginCache cache = PluginCache.open(null);
    PluginVersion version = version(DIGEST);
    cache.begin(version);
    cache.append(version, BYTES);
    cache.complete(version);

    cache.deleteIfTemporary();

    assertThat(cache.dir()).doesNotExist();
  }
}
