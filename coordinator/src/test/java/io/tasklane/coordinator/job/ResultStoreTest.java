package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
      store.put(i, status, status == TaskStatus.SUCCEEDED ? RawJson.of(JSON.objectNode().put("v", "value " + i)).utf8() : null,
          status == TaskStatus.FAILED ? "boom " + i : null, 1 + i % 3, "w" + (i % 2), "t" + (i % 4));
    }
    for (int i = 0; i < tasks; i++) {
      JsonNode stored = read(store, i);
      if (i % 7 == 0) {
        assertThat(stored.get("status").asText()).isEqualTo("failed");
        assertThat(stored.get("output").isNull()).isTrue();
        assertThat(stored.get("error").asText()).isEqualTo("boom " + i);
      } else {
        assertThat(stored.get("output").toString()).isEqualTo("{\"v\":\"value " + i + "\"}");
        assertThat(stored.get("error").isNull()).isTrue();
      }
      assertThat(stored.get("attempts").asInt()).isEqualTo(1 + i % 3);
      assertThat(stored.get("worker").asText()).isEqualTo("w" + (i % 2));
      assertThat(stored.get("thread").asText()).isEqualTo("t" + (i % 4));
    }
  }

  @Test
  void aRecordLargerThanAChunkGetsOneOfItsOwn() {
    ResultStore store = new ResultStore(3);
    String big = "x".repeat(600_000);
    store.put(0, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode("small")).utf8(), null, 1, "w", "t");
    store.put(1, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode(big)).utf8(), null, 1, "w", "t");
    store.put(2, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode("after")).utf8(), null, 1, null, null);
    assertThat(read(store, 1).get("output").asText()).isEqualTo(big);
    assertThat(read(store, 0).get("output").asText()).isEqualTo("small");
    assertThat(read(store, 2).get("output").asText()).isEqualTo("after");
    assertThat(read(store, 2).get("worker").isNull()).isTrue();
    assertThat(store.has(1)).isTrue();
  }

  @Test
  void moreChunksThanAnIntOffsetNamesWidenTheOffsetsAndKeepEveryResult() {
    int tasks = 400;
    ResultStore store = new ResultStore(tasks, 3);
    String filler = "y".repeat(3_000); // a few records fill a chunk: well past three chunks
    for (int i = 0; i < tasks; i++) {
      store.put(i, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode(i + filler)).utf8(), null, 1, "w", "t");
    }
    long bytes = store.bytes();
    store.grow(tasks * 2);
    store.put(tasks, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode("late")).utf8(), null, 1, "w", "t");
    for (int i = 0; i < tasks; i++) {
      assertThat(read(store, i).get("output").asText()).isEqualTo(i + filler);
    }
    assertThat(read(store, tasks).get("output").asText()).isEqualTo("late");
    assertThat(store.has(tasks + 1)).isFalse();
    assertThat(bytes).as("chunks and long offsets").isGreaterThan(tasks * 3_000L);
  }

  @Test
  void offsetsTakeFourBytesATask() {
    ResultStore store = new ResultStore(1_000_000);
    assertThat(store.bytes()).isEqualTo(4_000_000L);
  }

  /** Task {@code index}'s stored fields as the results API renders them. */
  private static JsonNode read(ResultStore store, int index) {
    ResultLines line = new ResultLines().ascii("{\"id\":0");
    store.writeFields(index, line);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.ascii("}").text());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
