package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The delivery guarantee checked from outside, Jepsen-style: what ran (the {@link Ledger}), what
 * is stored (the {@link Journal}), and what the API reports ({@code /results}, the status) must
 * agree. A job for it is made of {@code test.ledger} tasks {@code io-0…} then
 * {@code test.ledger.cpu} tasks {@code cpu-0…} (see {@link #spec}), all with {@code retries: 0},
 * so any execution beyond the first is a redelivery.
 */
final class DeliveryCheck {

  private DeliveryCheck() {}

  /** A job of {@code io} I/O and {@code cpu} CPU ledger tasks of {@code ms} each. */
  static String spec(Ledger ledger, String name, int io, int cpu, long ms) {
    return spec(name, io, cpu, ledger.input(ms));
  }

  /** A job of {@code io} I/O and {@code cpu} CPU ledger tasks that each work until {@code release} exists. */
  static String specUntil(Ledger ledger, String name, int io, int cpu, Path release) {
    return spec(name, io, cpu, ledger.inputUntil(release));
  }

  private static String spec(String name, int io, int cpu, String input) {
    return """
        {"name": "%s", "defaults": {"timeout": "120s", "retries": 0}, "tasks": [
          {"id": "io", "type": "test.ledger", "repeat": %d, "input": %s},
          {"id": "cpu", "type": "test.ledger.cpu", "repeat": %d, "input": %s}]}
        """.formatted(name, io, input, cpu, input);
  }

  /** The ids of such a job by task index (its order in the journal's outcomes). */
  static List<String> ids(int io, int cpu) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < io; i++) {
      ids.add("io-" + i);
    }
    for (int i = 0; i < cpu; i++) {
      ids.add("cpu-" + i);
    }
    return ids;
  }

  /**
   * Asserts the guarantee for an ended job whose tasks all succeeded.
   *
   * @param healthy the worker pids that were never killed nor drained; a task that ran on one of
   *     them ran there once and nowhere after it ended ({@code strictOnHealthy}: false where a
   *     coordinator crashed, which requeues what was in flight everywhere)
   */
  static void assertDelivered(String job, List<String> ids, Ledger ledger, List<Journal.Outcome> journaled,
      Map<String, JsonNode> results, JsonNode status, LongPredicate healthy, boolean strictOnHealthy)
      throws Exception {
    Map<String, List<Ledger.Execution>> executions = ledger.executions(job);
    // every task executed at least once, and finished at least once
    for (String id : ids) {
      List<Ledger.Execution> runs = executions.getOrDefault(id, List.of());
      assertThat(runs).as("executions of %s in the ledger", id).isNotEmpty();
      assertThat(runs.stream().anyMatch(Ledger.Execution::finished)).as("a finished execution of %s: %s", id, runs)
          .isTrue();
    }
    assertThat(executions.keySet()).as("the ledger names only the job's tasks").isSubsetOf(Set.copyOf(ids));

    // exactly one outcome journaled per task, equal to the one reported
    Map<Integer, List<Journal.Outcome>> byIndex = new HashMap<>();
    journaled.forEach(outcome -> byIndex.computeIfAbsent(outcome.index(), i -> new ArrayList<>()).add(outcome));
    for (int index = 0; index < ids.size(); index++) {
      List<Journal.Outcome> stored = byIndex.getOrDefault(index, List.of());
      assertThat(stored).as("outcomes journaled for task %s (index %d)", ids.get(index), index).hasSize(1);
      JsonNode reported = results.get(ids.get(index));
      assertThat(reported).as("the result of %s", ids.get(index)).isNotNull();
      assertThat(reported.get("status").asText()).as("%s reported vs journaled", ids.get(index))
          .isEqualTo(stored.get(0).status()).isEqualTo("succeeded");
      // the reported output comes from an execution that really finished, in the JVM it names
      long pid = reported.at("/output/pid").asLong();
      long start = reported.at("/output/start").asLong();
      assertThat(executions.get(ids.get(index)))
          .as("%s reported %s; the ledger has", ids.get(index), reported)
          .anyMatch(run -> run.pid() == pid && run.start() == start && run.finished());
    }
    assertThat(byIndex.keySet()).as("journaled indexes").allMatch(index -> index >= 0 && index < ids.size());

    // no task re-executed on a node that stayed healthy
    if (strictOnHealthy) {
      for (Map.Entry<String, List<Ledger.Execution>> task : executions.entrySet()) {
        List<Ledger.Execution> runs = task.getValue();
        assertThat(runs.stream().filter(run -> healthy.test(run.pid())).count())
            .as("executions of %s on healthy workers: %s", task.getKey(), runs).isLessThanOrEqualTo(1);
        runs.stream().filter(run -> healthy.test(run.pid()) && run.finished()).forEach(done ->
            assertThat(runs).as("%s ran again after it finished on a healthy worker: %s", task.getKey(), runs)
                .noneMatch(run -> run != done && run.start() >= done.end()));
      }
    }

    // the counts per lane in the status equal the ledger's
    for (String lane : List.of("io", "cpu")) {
      long ran = executions.entrySet().stream()
          .filter(task -> task.getValue().stream().anyMatch(run -> run.finished() && run.lane().equals(lane)))
          .count();
      assertThat(status.at("/lanes/" + lane + "/succeeded").asLong()).as("%s succeeded: status %s", lane, status)
          .isEqualTo(ran);
      assertThat(status.at("/lanes/" + lane + "/total").asLong()).isEqualTo(
          ids.stream().filter(id -> id.startsWith(lane + "-")).count());
    }
  }
}
