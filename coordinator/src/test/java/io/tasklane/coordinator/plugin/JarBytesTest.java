package io.tasklane.coordinator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JarBytesTest {

  @Test
  void chunksCoverTheBytesInOrderAndHashLikeTheWhole() {
    byte[] bytes = new byte[10_000];
    new Random(7).nextBytes(bytes);

    List<byte[]> chunks = JarBytes.chunks(bytes, 4096);

    assertThat(chunks).extracting(chunk -> chunk.length).containsExactly(4096, 4096, 1808);
    assertThat(JarBytes.chunkCount(bytes.length, 4096)).isEqualTo(3);
    assertThat(JarBytes.sha256(chunks)).isEqualTo(JarBytes.sha256(bytes)).hasSize(64);
  }

  @Test
  void anExactMultipleMakesNoEmptyTail() {
    assertThat(JarBytes.chunks(new byte[8192], 4096)).hasSize(2);
    assertThat(JarBytes.chunkCount(8192, 4096)).isEqualTo(2);
  }

  @Test
  void theKnownDigestOfNothing() {
    assertThat(JarBytes.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
