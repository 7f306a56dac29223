package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchAotDirTest {

  @Test
  void theBenchKeepsItsOwnAotCacheBesideTheOneLocalUpShares() {
    assertThat(Bench.aotDir(Map.of())).containsExactly(Map.entry("TASKLANE_AOT_DIR",
        Path.of(System.getProperty("user.home"), ".cache", "tasklane", "aot-bench").toString()));
    assertThat(Bench.aotDir(Map.of("XDG_CACHE_HOME", "/tmp/xdg")))
        .containsExactly(Map.entry("TASKLANE_AOT_DIR", "/tmp/xdg/tasklane/aot-bench"));
  }

  @Test
  void aDirectoryTheUserNamesIsUsedAsItIs() {
    assertThat(Bench.aotDir(Map.of("TASKLANE_AOT_DIR", "/srv/aot"))).isEmpty();
  }
}
