package io.tasklane.coordinator.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadsTest {

  private final AtomicLong now = new AtomicLong();
  private final Uploads uploads = new Uploads(1, Duration.ofSeconds(60), now::get);
  private final byte[] bytes = "0123456789".getBytes();
  private final List<byte[]> chunks = JarBytes.chunks(bytes, 4);
  private final PluginVersion plugin =
      new PluginVersion("p", "1", JarBytes.sha256(bytes), bytes.length, chunks.size(), List.of("t"), 0);

  @Test
  void takesTheChunksInOrderAndChecksTheDigest() throws Exception {
    long id = uploads.begin(plugin);
    for (int i = 0; i < chunks.size(); i++) {
      uploads.put(id, i, chunks.get(i));
    }

    Uploads.Upload done = uploads.finish(id);

    assertThat(JarBytes.sha256(done.chunks())).isEqualTo(plugin.digest());
    assertThat(uploads.size()).isZero();
  }

  @Test
  void refusesBytesThatHashOtherwise() throws Exception {
    long id = uploads.begin(plugin);
    uploads.put(id, 0, "0123".getBytes());
    uploads.put(id, 1, "4567".getBytes());
    uploads.put(id, 2, "8X".getBytes());

    assertThatThrownBy(() -> uploads.finish(id)).hasMessageContaining("arrived damaged");
  }

  @Test
  void refusesAChunkOutOfOrderOrPastTheSizeAndDropsTheAdd() throws Exception {
    long id = uploads.begin(plugin);
    assertThatThrownBy(() -> uploads.put(id, 1, chunks.get(1))).hasMessageContaining("out of order");
    assertThat(uploads.size()).isZero();

    long next = uploads.begin(plugin);
    assertThatThrownBy(() -> uploads.put(next, 0, new byte[11])).hasMessageContaining("more than its announced");
  }

  @Test
  void refusesAFinishBeforeEveryChunk() throws Exception {
    long id = uploads.begin(plugin);
    uploads.put(id, 0, chunks.get(0));

    assertThatThrownBy(() -> uploads.finish(id)).hasMessageContaining("arrived incomplete: 4 of 10 bytes");
  }

  @Test
  void boundsTheAddsInProgressAndDropsAStaleOne() throws Exception {
    uploads.begin(plugin);
    assertThatThrownBy(() -> uploads.begin(plugin)).hasMessageContaining("max-uploads");

    now.addAndGet(Duration.ofSeconds(61).toNanos());
    long fresh = uploads.begin(plugin);

    assertThat(uploads.size()).isEqualTo(1);
    assertThatThrownBy(() -> uploads.put(fresh - 1, 0, chunks.get(0))).hasMessageContaining("no add");
  }
}
