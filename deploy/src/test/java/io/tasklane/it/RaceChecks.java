package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every control-plane race must end in, checked from outside: the job ended in one state,
 * and its status, its result lines, its journal (read directly) and the execution ledger agree on
 * it: one outcome per task at most, journaled before any cancel; a task without one is reported
 * {@code cancelled} and only in a cancelled job; a reported success is an execution the ledger
 * saw finish; the counts per lane match the lines; no task ran twice (no fault here).
 */
final class RaceChecks {

  /** How long after a cancel was journaled a task may still start: the cancel's way to the worker. */
  static final long CANCEL_TRAVEL_MS = 2000;

  private RaceChecks() {}

  /** Waits for {@code job} to end and asserts the above; returns its final status. */
  static JsonNode assertOneEnd(Api api, Journal journal, Ledger ledger, String job, List<String> ids) throws Exception {
    return assertOneEnd(api, journal, ledger, job, ids, 1);
  }

  /**
   * As above, a task allowed {@code maxRuns} executions (more than one where a coordinator
   * crashed: what it had in flight is queued again by the one that takes the job over).
   */
  static JsonNode assertOneEnd(Api api, Journal journal, Ledger ledger, String job, List<String> ids, int maxRuns)
      throws Exception {
    JsonNode status = api.awaitEnded(job, Duration.ofSeconds(90));
    String state = status.get("state").asText();
    Map<String, JsonNode> results = api.resultsById(job, ids.size());
    List<Journal.Event> events = journal.events(job);
    List<Journal.Event> cancels = events.stream().filter(event -> event.manifest().endsWith("$JobCancelled")).toList();
    assertThat(cancels).as("cancel events of %s (%s)", job, state).hasSize(state.equals("cancelled") ? 1 : 0);
    if (!cancels.isEmpty()) {
      long cancelledAt = cancels.get(0).sequenceNr();
      assertThat(events).as("%s: nothing recorded after its cancel", job)
          .noneMatch(event -> event.sequenceNr() > cancelledAt && event.manifest().endsWith(Journal.RESULTS));
    }
    Map<Integer, List<Journal.Outcome>> byIndex = new HashMap<>();
    journal.outcomes(job).forEach(outcome -> byIndex.computeIfAbsent(outcome.index(), i -> new ArrayList<>()).add(outcome));
    Map<String, List<Ledger.Execution>> runs = ledger.executions(job);
    int succeeded = 0;
    int cancelled = 0;
    for (int index = 0; index < ids.size(); index++) {
      String id = ids.get(index);
      JsonNode result = results.get(id);
      assertThat(result).as("%s: the result of %s", job, id).isNotNull();
      String reported = result.get("status").asText();
      List<Journal.Outcome> stored = byIndex.getOrDefault(index, List.of());
      assertThat(stored).as("%s: outcomes journaled for %s", job, id).hasSizeLessThanOrEqualTo(1);
      List<Ledger.Execution> ran = runs.getOrDefault(id, List.of());
      assertThat(ran).as("%s: executions of %s", job, id).hasSizeLessThanOrEqualTo(maxRuns);
      if (stored.isEmpty()) {
        assertThat(reported).as("%s: %s has no outcome journaled: %s", job, id, result).isEqualTo("cancelled");
        assertThat(state).as("%s: a task without an outcome", job).isEqualTo("cancelled");
      } else {
        assertThat(reported).as("%s: %s reported vs journaled", job, id).isEqualTo(stored.get(0).status());
      }
      if (reported.equals("succeeded")) {
        succeeded++;
        long pid = result.at("/output/pid").asLong();
        long start = result.at("/output/start").asLong();
        assertThat(ran).as("%s: %s reported %s; the ledger has", job, id, result)
            .anyMatch(run -> run.pid() == pid && run.start() == start && run.finished());
      } else if (reported.equals("cancelled")) {
        cancelled++;
      }
    }
    assertThat(runs.keySet()).as("%s: the ledger names only the job's tasks", job).isSubsetOf(ids);
    if (!cancels.isEmpty()) {
      long at = cancels.get(0).payload().get("at").asLong();
      runs.values().forEach(ran -> ran.forEach(run -> assertThat(run.start())
          .as("%s: %s started after the job was cancelled at %d", job, run, at)
          .isLessThanOrEqualTo(at + CANCEL_TRAVEL_MS)));
    }
    int[] counted = new int[4];
    for (String lane : List.of("io", "cpu")) {
      counted[0] += status.at("/lanes/" + lane + "/succeeded").asInt();
      counted[1] += status.at("/lanes/" + lane + "/cancelled").asInt();
      counted[2] += status.at("/lanes/" + lane + "/queued").asInt() + status.at("/lanes/" + lane + "/running").asInt();
    }
    assertThat(counted[0]).as("%s: succeeded in the status %s", job, status).isEqualTo(succeeded);
    assertThat(counted[1]).as("%s: cancelled in the status %s", job, status).isEqualTo(cancelled);
    assertThat(counted[2]).as("%s: queued or running in an ended job %s", job, status).isZero();
    assertThat(status.get("total").asInt()).isEqualTo(ids.size());
    return status;
  }

  /** Waits until {@code n} of {@code job}'s tasks have started, by the ledger; returns the executions. */
  static List<Ledger.Execution> awaitStarted(Ledger ledger, String job, int n) {
    List<Ledger.Execution> started = new ArrayList<>();
    await(n + " tasks of " + job + " started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          started.clear();
          ledger.executions(job).values().forEach(started::addAll);
          return started.size() >= n;
        });
    return List.copyOf(started);
  }

  /** The ids of an open job's tasks: their positions. */
  static List<String> positions(int total) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      ids.add(Integer.toString(i));
    }
    return ids;
  }
}
