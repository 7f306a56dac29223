package io.tasklane.coordinator.job;

import static io.tasklane.coordinator.job.Jobs.JSON;
import static io.tasklane.coordinator.job.Jobs.mixedJob;
import static io.tasklane.coordinator.job.Jobs.ok;
import static io.tasklane.coordinator.job.Jobs.record;
import static io.tasklane.coordinator.job.Jobs.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's side of a job: its phases, appends, results and status, without actors. */
class JobLedgerTest {

  private static final JobLedger.Running NOTHING_RUNNING = lane -> 0;

  /** Events the command handlers never write, but a hand-over between two incarnations might. */
  @Test
  void aCloseOrCancelReplayedAfterTheEndChangesNothing() {
    JobLedger ledger = Jobs.openJob();
    ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    record(ledger, null, "w", List.of(ok(0), ok(1)), 5L);
    ledger.close(7L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.ENDED);

    ledger.close(8L);
    ledger.cancel(9L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.ENDED);
    JobStatus status = ledger.status(NOTHING_RUNNING);
    assertThat(status.state()).isEqualTo(JobState.succeeded);
    assertThat(status.endedAt()).isEqualTo(7L);
    assertThat(status.lanes().get(Lane.IO).succeeded()).isEqualTo(2);
  }

  @Test
  void anOpenJobTakesAppendedTasksAndEndsOnlyOnceClosed() {
    JobLedger ledger = Jobs.openJob();
    assertThat(ledger.total()).isZero();
    assertThat(ledger.phase()).as("open and empty is not ended").isEqualTo(JobPhase.OPEN);
    assertThat(ledger.status(NOTHING_RUNNING).state()).isEqualTo(JobState.running);
    assertThat(ledger.status(NOTHING_RUNNING).open()).isTrue();

    assertThat(ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null)).isZero();
    assertThat(ledger.append(List.of(template(null, "sha256", Lane.CPU, null), template(null, "noop", Lane.IO, null)), 3L, null))
        .isEqualTo(2);
    assertThat(ledger.total()).isEqualTo(4);
    assertThat(ledger.status(NOTHING_RUNNING).lanes().get(Lane.CPU).total()).isEqualTo(1);
    record(ledger, null, "w", List.of(ok(0), ok(1), ok(2), ok(3)), 5L);
    assertThat(ledger.isEnded()).as("every task ended, but still open").isFalse();
    assertThat(ledger.notEnded(0, 4)).isZero();
    assertThat(ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 9L, null)).isEqualTo(4);
    assertThat(ledger.templates().queuedAt(5)).as("queued when appended").isEqualTo(9L);
    assertThat(ledger.templates().queuedAt(0)).isEqualTo(3L);
    assertThat(ledger.appends()).isEqualTo(3);
    assertThat(ledger.notEnded(0, 6)).isEqualTo(2);
    record(ledger, null, "w", List.of(ok(4), ok(5)), 6L);
    assertThat(ledger.results(4, 2, false, Long.MAX_VALUE).lines()).contains("\"id\":\"4\"", "\"id\":\"5\"");

    ledger.close(7L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.ENDED);
    JobStatus status = ledger.status(NOTHING_RUNNING);
    assertThat(status.state()).isEqualTo(JobState.succeeded);
    assertThat(status.endedAt()).isEqualTo(7L);
    assertThat(status.open()).isFalse();
    assertThat(status.total()).isEqualTo(6);
    assertThatThrownBy(() -> ledger.append(List.of(template(null, "noop", Lane.IO, null)), 3L, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aClosedJobRunsUntilItsLastTaskEnds() {
    JobLedger ledger = Jobs.openJob(template(null, "noop", Lane.IO, 2));
    ledger.close(2L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.RUNNING);
    assertThat(ledger.status(NOTHING_RUNNING).open()).isFalse();
    record(ledger, null, "w", List.of(ok(1)), 3L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.RUNNING);
    record(ledger, null, "w", List.of(ok(0)), 4L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.ENDED);
    assertThat(ledger.status(NOTHING_RUNNING).endedAt()).isEqualTo(4L);
  }

  @Test
  void anEndedJobKeepsItsPhaseAndTakesNoMoreTasks() {
    JobLedger ledger = mixedJob();
    ledger.cancel(2L);
    ledger.cancel(3L);
    ledger.close(3L);
    assertThat(ledger.phase()).isEqualTo(JobPhase.CANCELLED);
    assertThat(ledger.status(NOTHING_RUNNING).endedAt()).isEqualTo(2L);
    assertThat(ledger.refusesAppend(1, 100, 100)).contains("takes no more tasks: it has ended (cancelled)")
        .contains("only a job submitted with \"open\": true takes more");
  }

  @Test
  void anAppendIsRefusedPastItsLimitsOrOnceClosed() {
    JobLedger ledger = Jobs.openJob(template(null, "noop", Lane.IO, 2));
    assertThat(ledger.refusesAppend(0, 100, 100)).isEqualTo("no tasks to append");
    assertThat(ledger.refusesAppend(99, 100, 100)).contains("would have 101 tasks").contains("max-tasks = 100");
    ledger.append(List.of(template(null, "noop", Lane.IO, null)), 2L, null);
    assertThat(ledger.refusesAppend(1, 100, 1)).contains("has taken 1 appends");
    assertThat(ledger.refusesAppend(1, 100, 2)).isNull();
    ledger.close(3L);
    assertThat(ledger.refusesAppend(1, 100, 100)).contains("takes no more tasks: it was closed").doesNotContain("only a job");
  }

  @Test
  void followersReadResultsInTheOrderTasksEnded() {
    JobLedger ledger = mixedJob();
    record(ledger, null, "w", List.of(ok(7), ok(2)), 2L);
    var first = ledger.resultsAsEnded(0, 10, false, Integer.MAX_VALUE);
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.lines()).containsSubsequence("\"io-7\"", "\"io-2\"");
    assertThat(first.next()).isEqualTo(2);
    assertThat(first.complete()).isFalse();
    assertThat(ledger.resultsAsEnded(2, 10, false, Integer.MAX_VALUE).count()).as("nothing new yet").isZero();
    record(ledger, null, "w", List.of(ok(0)), 3L);
    assertThat(ledger.resultsAsEnded(2, 10, false, Integer.MAX_VALUE).lines()).contains("\"io-0\"");
    // a cancel ends the rest: they follow, and the last page says the stream is complete
    ledger.cancel(4L);
    var rest = ledger.resultsAsEnded(3, 100, false, Integer.MAX_VALUE);
    assertThat(rest.count()).isEqualTo(ledger.total() - 3);
    assertThat(rest.complete()).isTrue();
    assertThat(ledger.resultsAsEnded(0, 100, true, Integer.MAX_VALUE).count()).as("failed only: the cancelled")
        .isEqualTo(ledger.total() - 3);
  }

  @Test
  void cancellingAnOpenJobClosesIt() {
    JobLedger ledger = new JobLedger("open", new JobSpec(null, null, List.of(template(null, "noop", Lane.IO, 3)), true), 1L);
    ledger.cancel(9L);
    assertThat(ledger.isEnded()).isTrue();
    assertThat(ledger.phase()).isEqualTo(JobPhase.CANCELLED);
    assertThat(ledger.status(NOTHING_RUNNING).open()).isFalse();
    assertThat(ledger.status(NOTHING_RUNNING).state()).isEqualTo(JobState.cancelled);
    assertThat(ledger.status(NOTHING_RUNNING).lanes().get(Lane.IO).cancelled()).isEqualTo(3);
  }

  @Test
  void firstResultWinsAndDuplicatesAreDroppedAlsoAcrossTheBatchesOfAGroup() {
    JobLedger ledger = mixedJob();
    List<TaskOutcome> batch = List.of(ok(0), ok(0), ok(1));
    assertThat(record(ledger, null, "w1", batch, 10L)).isEqualTo(2);
    TaskOutcome late = new TaskOutcome(0, TaskStatus.FAILED, null, "boom", 1, "t");
    assertThat(ledger.firstResults(List.of(new ReportResults("j1", "w2", Lane.IO, List.of(late))), 11L)).isEmpty();
    ledger.record("w2", RecordedOutcomes.of(List.of(late)), 11L);
    String lines = ledger.results(0, 100, false, Long.MAX_VALUE).lines();
    assertThat(lines.lines()).hasSize(2);
    assertThat(lines).contains("\"status\":\"succeeded\"").doesNotContain("boom");

    // a task queued again from a lost worker may have results from both in one group
    var events = ledger.firstResults(List.of(
        new ReportResults("j1", "w1", Lane.IO, List.of(ok(2), ok(3))),
        new ReportResults("j1", "w2", Lane.IO, List.of(ok(3), ok(99))),
        new ReportResults("j1", "w3", Lane.IO, List.of(ok(4)))), 12L);
    assertThat(events).extracting(event -> ((JobEvent.ResultsRecorded) event).worker()).containsExactly("w1", "w3");
    assertThat(ledger.firstResults(List.of(new ReportResults("j1", "w2", Lane.IO, List.of(ok(3)))), 13L))
        .as("the group is forgotten once filtered").hasSize(1);
  }

  @Test
  void endsWithEveryTaskRecordedOnceAndReportsState() throws Exception {
    JobLedger ledger = mixedJob();
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      outcomes.add(i == 10 ? new TaskOutcome(10, TaskStatus.TIMED_OUT, null, "timed out after 5ms", 2, "t") : ok(i));
    }
    record(ledger, null, "w", outcomes, 99L);
    JobStatus status = ledger.status(NOTHING_RUNNING);
    assertThat(status.state()).isEqualTo(JobState.failed);
    assertThat(status.endedAt()).isEqualTo(99L);
    assertThat(status.lanes().get(Lane.CPU).timedOut()).isEqualTo(1);
    assertThat(status.lanes().get(Lane.IO).succeeded()).isEqualTo(11);
    var page = ledger.results(0, 100, false, Long.MAX_VALUE);
    assertThat(page.complete()).isTrue();
    List<String> lines = page.lines().lines().toList();
    assertThat(lines).hasSize(15);
    var line = new ObjectMapper().readTree(lines.get(10));
    assertThat(line.get("id").asText()).isEqualTo("cpu-0");
    assertThat(line.get("status").asText()).isEqualTo("timed_out");
    assertThat(line.get("attempts").asInt()).isEqualTo(2);
    assertThat(line.get("lane").asText()).isEqualTo("cpu");
  }

  @Test
  void cancelEndsEveryOpenTaskAsCancelled() {
    JobLedger ledger = mixedJob();
    record(ledger, null, "w", List.of(ok(0)), 1L);
    ledger.cancel(2L);
    JobStatus status = ledger.status(NOTHING_RUNNING);
    assertThat(status.state()).isEqualTo(JobState.cancelled);
    assertThat(status.endedAt()).isEqualTo(2L);
    assertThat(status.lanes().get(Lane.IO).cancelled()).isEqualTo(10);
    assertThat(status.lanes().get(Lane.CPU).cancelled()).isEqualTo(4);
    assertThat(status.lanes().get(Lane.IO).queued()).isZero();
    assertThat(ledger.results(0, 100, false, Long.MAX_VALUE).lines().lines()).hasSize(15)
        .filteredOn(line -> line.contains("\"cancelled\"")).hasSize(14);
  }

  @Test
  void resultPagesResumeWhereTheyStopped() {
    JobLedger ledger = mixedJob();
    List<TaskOutcome> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(ok(i));
    }
    record(ledger, null, "w", all, 1L);
    var first = ledger.results(0, 4, false, Long.MAX_VALUE);
    assertThat(first.lines().lines()).hasSize(4);
    assertThat(first.complete()).isFalse();
    var rest = ledger.results(first.next(), 100, false, Long.MAX_VALUE);
    assertThat(rest.lines().lines()).hasSize(6);
    assertThat(rest.complete()).isTrue();
  }

  /** Pages travel as one message: big outputs end a page early, never mid-line, never empty. */
  @Test
  void resultPagesStopAtTheirSizeLimitWithAtLeastOneLine() {
    JobLedger ledger = mixedJob();
    String big = "x".repeat(1000);
    List<TaskOutcome> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(new TaskOutcome(i, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode(big)), null, 1, "t"));
    }
    record(ledger, null, "w", all, 1L);

    var first = ledger.results(0, 100, false, 2500);
    assertThat(first.count()).as("stops once the text reaches 2,500 characters").isEqualTo(3);
    assertThat(first.lines().lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains(big));
    assertThat(first.complete()).isFalse();
    var tiny = ledger.results(first.next(), 100, false, 10);
    assertThat(tiny.count()).as("a line longer than the limit still makes a page").isEqualTo(1);
    int seen = first.count() + tiny.count();
    int next = tiny.next();
    while (true) {
      var page = ledger.results(next, 100, false, 2500);
      seen += page.count();
      next = page.next();
      if (page.complete()) {
        break;
      }
    }
    assertThat(seen).isEqualTo(10);
  }

  @Test
  void appendsUnderAKeyAreRememberedWithWhatTheyWere() {
    JobLedger ledger = Jobs.openJob(template(null, "noop", Lane.IO, 2));
    var tasks = List.of(template(null, "noop", Lane.IO, 3));
    ledger.append(tasks, 2L, "k-a");
    ledger.append(List.of(template(null, "noop", Lane.IO, null)), 2L, null);
    var keyed = ledger.appendedUnder("k-a");
    assertThat(keyed.first()).isEqualTo(2);
    assertThat(keyed.count()).isEqualTo(3);
    assertThat(keyed.fingerprint()).isEqualTo(AppendKeys.fingerprint(List.of(template(null, "noop", Lane.IO, 3))))
        .isNotEqualTo(AppendKeys.fingerprint(List.of(template(null, "noop", Lane.IO, 4))));
    assertThat(ledger.appendedUnder("k-b")).isNull();
  }

  @Test
  void anAppendRepeatedUnderItsKeyIsAnsweredAsTheFirstAndOtherTasksUnderItAreRefused() {
    JobLedger ledger = Jobs.openJob(template(null, "noop", Lane.IO, 2));
    var tasks = List.of(template(null, "noop", Lane.IO, 3));
    assertThat(ledger.answerUnlessTaken(tasks, "k-a", () -> ledger.status(NOTHING_RUNNING), 100, 100))
        .as("new: to be journaled").isNull();
    ledger.append(tasks, 2L, "k-a");
    ledger.close(3L);

    var repeat = ledger.answerUnlessTaken(List.of(template(null, "noop", Lane.IO, 3)), "k-a",
        () -> ledger.status(NOTHING_RUNNING), 100, 100);
    assertThat(repeat.repeated()).as("even closed since").isTrue();
    assertThat(repeat.first()).isEqualTo(2);
    assertThat(repeat.count()).isEqualTo(3);
    var other = ledger.answerUnlessTaken(List.of(template(null, "noop", Lane.IO, 4)), "k-a",
        () -> ledger.status(NOTHING_RUNNING), 100, 100);
    assertThat(other.refused()).contains("took other tasks under this Idempotency-Key");
    assertThat(ledger.answerUnlessTaken(tasks, "k-b", () -> ledger.status(NOTHING_RUNNING), 100, 100).refused())
        .contains("was closed");
  }
}
