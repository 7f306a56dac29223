package io.tasklane.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execution ledger the {@code test.ledger} task types append to (one {@code start} and one
 * {@code end} line per execution, from the worker JVMs, outside the cluster): what actually ran,
 * where and when, independent of anything the coordinator reports.
 */
final class Ledger {

  /**
   * One execution of a task; {@code end} is 0 when it never finished (stopped by its worker, or
   * its JVM died), {@code stopped} when its worker stopped it (cancelled), else 0.
   */
  record Execution(String job, String task, int attempt, String lane, long pid, long start, long end, long stopped) {
    boolean finished() {
      return end > 0;
    }
  }

  private final Path file;

  Ledger(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The input that makes a {@code test.ledger} task write here and work {@code ms}. */
  String input(long ms) {
    return "{\"ledger\": " + Api.JSON.valueToTree(file.toString()) + ", \"ms\": " + ms + "}";
  }

  /** The input that makes a {@code test.ledger} task write here and work until {@code release} exists. */
  String inputUntil(Path release) {
    return "{\"ledger\": " + Api.JSON.valueToTree(file.toString()) + ", \"until\": "
        + Api.JSON.valueToTree(release.toString()) + "}";
  }

  /** Every execution of {@code job}'s tasks, by task id, in the order they started. */
  Map<String, List<Execution>> executions(String job) throws IOException {
    Map<String, Execution> started = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return Map.of();
    }
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (text.isBlank() || !text.contains(job)) {
        continue; // parsed only if it may be the job's: the file holds every job of the test's cluster
      }
      JsonNode line = Api.JSON.readTree(text);
      if (!line.get("job").asText().equals(job)) {
        continue;
      }
      Execution execution = new Execution(job, line.get("task").asText(), line.get("attempt").asInt(),
          line.get("lane").asText(), line.get("pid").asLong(), line.get("start").asLong(), line.path("end").asLong(0),
          line.path("stopped").asLong(0));
      // one execution: a task's attempt in one JVM starting at one moment
      started.put(execution.task() + "/" + execution.attempt() + "/" + execution.pid() + "/" + execution.start(),
          execution);
    }
    Map<String, List<Execution>> byTask = new LinkedHashMap<>();
    started.values().stream().sorted(java.util.Comparator.comparingLong(Execution::start))
        .forEach(execution -> byTask.computeIfAbsent(execution.task(), id -> new ArrayList<>()).add(execution));
    return byTask;
  }
}
