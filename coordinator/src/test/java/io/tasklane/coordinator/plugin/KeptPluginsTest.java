package io.tasklane.coordinator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeptPluginsTest {

  private final KeptPlugins kept = new KeptPlugins();

  private static PluginVersion version(String name, String version, String digest, List<String> types) {
    return new PluginVersion(name, version, digest, 3, 2, types, 1);
  }

  private void add(PluginVersion plugin) {
    kept.apply(new PluginEvent.ChunkKept(plugin.digest(), 0, new byte[] {1, 2}));
    kept.apply(new PluginEvent.ChunkKept(plugin.digest(), 1, new byte[] {3}));
    kept.apply(new PluginEvent.PluginAdded(plugin));
  }

  @Test
  void keepsEachVersionWithItsChunksInTheOrderAdded() {
    PluginVersion v1 = version("words", "1", "d1", List.of("words.count"));
    PluginVersion v2 = version("words", "2", "d2", List.of("words.count"));
    add(v1);
    add(v2);

    assertThat(kept.versions()).containsExactly(v1, v2);
    assertThat(kept.chunk("d2", 1)).containsExactly(3);
    assertThat(kept.chunk("d2", 2)).isNull();
    assertThat(kept.isNewest(v2)).isTrue();
    assertThat(kept.isNewest(v1)).isFalse();
    assertThat(kept.totalBytes()).isEqualTo(6);
    assertThat(kept.typeNames()).containsExactlyInAnyOrder("words.count", "words.count@1", "words.count@2");
  }

  @Test
  void aRemovedVersionIsGoneWithItsBytes() {
    PluginVersion v1 = version("words", "1", "d1", List.of("words.count"));
    add(v1);

    kept.apply(new PluginEvent.PluginRemoved("d1"));

    assertThat(kept.versions()).isEmpty();
    assertThat(kept.chunk("d1", 0)).isNull();
    assertThat(kept.totalBytes()).isZero();
    assertThat(kept.matching("words", null)).isEmpty();
  }

  @Test
  void aTypeOfAnotherPluginConflictsButNotOfAnotherVersion() {
    add(version("words", "1", "d1", List.of("words.count", "words.top")));

    assertThat(kept.conflict(version("words", "2", "d2", List.of("words.count")))).isNull();
    assertThat(kept.conflict(version("text", "1", "d3", List.of("words.top"))))
        .contains("type 'words.top' is already offered by plugin words 1");
  }

  @Test
  void findsVersionsByLabelAndName() {
    PluginVersion v1 = version("words", "1", "d1", List.of("a"));
    PluginVersion other = version("text", "1", "d2", List.of("b"));
    add(v1);
    add(other);

    assertThat(kept.byLabel("words", "1")).contains(v1);
    assertThat(kept.matching("words", "1")).containsExactly(v1);
    assertThat(kept.matching("words", "9")).isEmpty();
    assertThat(kept.byDigest("d2")).contains(other);
  }
}
