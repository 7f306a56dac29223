package io.tasklane.coordinator.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.job.TaskTemplate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The appends an open job took under an idempotency key: key -> where their tasks were numbered
 * and a {@link #fingerprint} of what they were, so that a repeat is answered as the first time
 * and other tasks under the same key are refused. Kept for the job's life (its appends are
 * bounded by tasklane.coordinator.jobs.max-appends) and read back from the journal.
 */
final class AppendKeys {

  /** An append taken under a key: its tasks were numbered {@code first} … {@code first + count - 1}. */
  record KeyedAppend(int first, int count, String fingerprint) {}

  private static final ObjectMapper FINGERPRINT_JSON = new ObjectMapper();

  private final Map<String, KeyedAppend> keys = new HashMap<>();

  void put(String key, int first, int count, List<TaskTemplate> tasks) {
    keys.put(key, new KeyedAppend(first, count, fingerprint(tasks)));
  }

  /** The append taken under {@code key}, or null. */
  KeyedAppend get(String key) {
    return keys.get(key);
  }

  /**
   * What tells two appends' tasks apart: SHA-256 of their JSON text. Text, not the trees: a
   * tree read back from the journal may hold a number in another node type than the parsed one.
   */
  static String fingerprint(List<TaskTemplate> tasks) {
    try {
      // what the tasks are, not where they stood in the request's text
      byte[] json = FINGERPRINT_JSON.writeValueAsBytes(tasks.stream().map(task -> new TaskTemplate(task.id(), task.type(),
          task.lane(), task.input(), task.timeoutMs(), task.retries(), task.key(), task.repeat(), task.foreach(), 0)).toList());
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
