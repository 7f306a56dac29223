package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskStatus;
import org.junit.jupiter.api.Test;

class ResultStoreTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Test
  void everyResultReadsBackAsStoredAcrossManyChunks() {
    int tasks = 20_000;
    ResultStore store = new ResultStore(tasks);
    for (int i = tasks - 1; i >= 0; i--) {
      TaskStatus status = i % 7 == 0 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
      store.put(i, status, status == TaskStatus.SUCCEEDED ? RawJson.of(JSON.objectNode().put("v", "value " + i)) : null,
          status == TaskStatus.FAILED ? "boom " + i : null, 1 + i % 3, "w" + (i % 2), "t" + (i % 4));
    }
    for (int i = 0; i < tasks; i++) {
      ResultStore.Stored stored = store.read(i);
      if (i % 7 == 0) {
        assertThat(stored.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(stored.outputJson()).isNull();
        assertThat(stored.error()).isEqualTo("boom " + i);
      } else {
        assertThat(stored.outputJson()).isEqualTo("{\"v\":\"value " + i + "\"}");
        assertThat(stored.error()).isNull();
      }
      assertThat(stored.attempts()).isEqualTo(1 + i % 3);
      assertThat(stored.worker()).isEqualTo("w" + (i % 2));
      assertThat(stored.thread()).isEqualTo("t" + (i % 4));
    }
  }

  @Test
  void aRecordLargerThanAChunkGetsOneOfItsOwn() {
    ResultStore store = new ResultStore(3);
    String big = "x".repeat(600_000);
    store.put(0, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode("small")), null, 1, "w", "t");
    store.put(1, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode(big)), null, 1, "w", "t");
    store.put(2, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode("after")), null, 1, null, null);
    assertThat(store.read(1).outputJson()).hasSize(big.length() + 2);
    assertThat(store.read(0).outputJson()).isEqualTo("\"small\"");
    assertThat(store.read(2).outputJson()).isEqualTo("\"after\"");
    assertThat(store.read(2).worker()).isNull();
    assertThat(store.has(1)).isTrue();
  }
}
