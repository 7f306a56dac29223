package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobBookTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static TaskTemplate template(String id, String type, Lane lane, Integer repeat) {
    return new TaskTemplate(id, type, lane, JSON.objectNode().put("value", "v${i}"), 0, 0, null, repeat, 1);
  }

  private static JobBook mixedJob() {
    return new JobBook("j1", new JobSpec(null, "mixed", List.of(
        template("io", "noop", Lane.IO, 10),
        template("cpu", "sha256", Lane.CPU, 4),
        template("last", "noop", Lane.IO, null))), 1L);
  }

  private static TaskOutcome ok(int index) {
    return new TaskOutcome(index, TaskStatus.SUCCEEDED, RawJson.of(JSON.objectNode().put("i", index)), null, 1, "t");
  }

  @Test
  void takesNeverMoreThanAskedAndKeepsLanesApart() {
    JobBook book = mixedJob();
    List<TaskSpec> cpu = book.take(Lane.CPU, 3, "w1/cpu");
    assertThat(cpu).hasSize(3).allSatisfy(task -> assertThat(task.lane()).isEqualTo(Lane.CPU));
    assertThat(cpu).extracting(TaskSpec::id).containsExactly("cpu-0", "cpu-1", "cpu-2");
    List<TaskSpec> io = book.take(Lane.IO, 100, "w1/io");
    assertThat(io).hasSize(11).allSatisfy(task -> assertThat(task.lane()).isEqualTo(Lane.IO));
    assertThat(book.take(Lane.CPU, 100, "w1/cpu")).hasSize(1);
    assertThat(book.take(Lane.CPU, 100, "w1/cpu")).isEmpty();
    assertThat(book.mayHaveQueued(Lane.IO)).isFalse();
  }

  @Test
  void anOpenJobTakesAppendedTasksAndEndsOnlyOnceClosed() {
    JobBook book = new JobBook("open", new JobSpec(null, "stream", List.of(), true), 1L);
    assertThat(book.total()).isZero();
    assertThat(book.isEnded()).as("open and empty is not ended").isFalse();
    assertThat(book.status().state()).isEqualTo(JobState.running);
    assertThat(book.status().open()).isTrue();

    assertThat(book.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null)).isZero();
    assertThat(book.append(List.of(template(null, "sha256", Lane.CPU, null), template(null, "noop", Lane.IO, null)), 3L, null))
        .isEqualTo(2);
    assertThat(book.total()).isEqualTo(4);
    assertThat(book.lanesWithWork()).containsExactlyInAnyOrder(Lane.IO, Lane.CPU);
    List<TaskSpec> io = book.take(Lane.IO, 10, "w/io");
    assertThat(io).extracting(TaskSpec::index).containsExactly(0, 1, 3);
    assertThat(io.get(1).input().get("value").asText()).as("${i} counts within the template").isEqualTo("v1");
    assertThat(book.take(Lane.CPU, 10, "w/cpu")).extracting(TaskSpec::index).containsExactly(2);

    book.record("w", List.of(ok(0), ok(1), ok(2), ok(3)), 5L);
    assertThat(book.isEnded()).as("every task ended, but still open").isFalse();
    assertThat(book.notEnded(0, 4)).isZero();
    // an exhausted lane queue picks up tasks appended later
    assertThat(book.append(List.of(template(null, "noop", Lane.IO, 2)), 9L, null)).isEqualTo(4);
    assertThat(book.queuedAt(5)).as("queued when appended").isEqualTo(9L);
    assertThat(book.queuedAt(0)).isEqualTo(3L);
    assertThat(book.appends()).isEqualTo(3);
    assertThat(book.notEnded(0, 6)).isEqualTo(2);
    assertThat(book.take(Lane.IO, 10, "w/io")).extracting(TaskSpec::index).containsExactly(4, 5);
    book.record("w", List.of(ok(4), ok(5)), 6L);
    assertThat(book.results(4, 2).lines()).contains("\"id\":\"4\"", "\"id\":\"5\"");

    book.close(7L);
    assertThat(book.isEnded()).isTrue();
    JobStatus status = book.status();
    assertThat(status.state()).isEqualTo(JobState.succeeded);
    assertThat(status.endedAt()).isEqualTo(7L);
    assertThat(status.open()).isFalse();
    assertThat(status.total()).isEqualTo(6);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.append(List.of(template(null, "noop", Lane.IO, null)), 3L, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void followersReadResultsInTheOrderTasksEnded() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 100, "w/io");
    book.record("w", List.of(ok(7), ok(2)), 2L);
    var first = book.resultsAsEnded(0, 10, false, Integer.MAX_VALUE);
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.lines()).containsSubsequence("\"io-7\"", "\"io-2\"");
    assertThat(first.next()).isEqualTo(2);
    assertThat(first.complete()).isFalse();
    assertThat(book.resultsAsEnded(2, 10, false, Integer.MAX_VALUE).count()).as("nothing new yet").isZero();
    book.record("w", List.of(ok(0)), 3L);
    assertThat(book.resultsAsEnded(2, 10, false, Integer.MAX_VALUE).lines()).contains("\"io-0\"");
    // a cancel ends the rest: they follow, and the last page says the stream is complete
    book.cancel(4L);
    var rest = book.resultsAsEnded(3, 100, false, Integer.MAX_VALUE);
    assertThat(rest.count()).isEqualTo(book.total() - 3);
    assertThat(rest.complete()).isTrue();
    assertThat(book.resultsAsEnded(0, 100, true, Integer.MAX_VALUE).count()).as("failed only: the cancelled")
        .isEqualTo(book.total() - 3);
  }

  @Test
  void cancellingAnOpenJobClosesIt() {
    JobBook book = new JobBook("open", new JobSpec(null, null, List.of(template(null, "noop", Lane.IO, 3)), true), 1L);
    book.take(Lane.IO, 1, "w/io");
    book.cancel(9L);
    assertThat(book.isEnded()).isTrue();
    assertThat(book.isOpen()).isFalse();
    assertThat(book.status().state()).isEqualTo(JobState.cancelled);
    assertThat(book.status().lanes().get(Lane.IO).cancelled()).isEqualTo(3);
  }

  @Test
  void recoveryRewindsToTheFirstQueuedTaskAcrossAppends() {
    JobBook book = new JobBook("open", new JobSpec(null, null, List.of(), true), 1L);
    book.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    book.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    book.record("w", List.of(ok(1), ok(2)), 2L);
    book.rewind();
    assertThat(book.take(Lane.IO, 10, "w/io")).extracting(TaskSpec::index).containsExactly(0, 3);
  }

  @Test
  void expandsRepeatLazilyWithIdsAndIndexSubstitution() {
    JobBook book = new JobBook("big", new JobSpec(null, null, List.of(template("many", "noop", Lane.IO, 1_000_000))), 1L);
    assertThat(book.total()).isEqualTo(1_000_000);
    List<TaskSpec> first = book.take(Lane.IO, 2, "w/io");
    assertThat(first).extracting(TaskSpec::id).containsExactly("many-0", "many-1");
    assertThat(first.get(1).input().get("value").asText()).isEqualTo("v1");
    assertThat(first.get(1).index()).isEqualTo(1);
  }

  @Test
  void firstResultWinsAndDuplicatesAreDropped() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 2, "w1/io");
    List<TaskOutcome> batch = List.of(ok(0), ok(0), ok(1));
    List<TaskOutcome> first = book.firstResults(batch);
    assertThat(first).extracting(TaskOutcome::index).containsExactly(0, 1);
    book.record("w1", first, 10L);
    TaskOutcome late = new TaskOutcome(0, TaskStatus.FAILED, null, "boom", 1, "t");
    assertThat(book.firstResults(List.of(late))).isEmpty();
    book.record("w2", List.of(late), 11L);
    String lines = book.results(0, 100).lines();
    assertThat(lines.lines()).hasSize(2);
    assertThat(lines).contains("\"status\":\"succeeded\"").doesNotContain("boom");
  }

  @Test
  void endsWithEveryTaskRecordedOnceAndReportsState() throws Exception {
    JobBook book = mixedJob();
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (TaskSpec task : book.take(Lane.IO, 100, "w/io")) {
      outcomes.add(ok(task.index()));
    }
    for (TaskSpec task : book.take(Lane.CPU, 100, "w/cpu")) {
      outcomes.add(task.index() == 10
          ? new TaskOutcome(10, TaskStatus.TIMED_OUT, null, "timed out after 5ms", 2, "t")
          : ok(task.index()));
    }
    book.record("w", outcomes, 99L);
    JobStatus status = book.status();
    assertThat(status.state()).isEqualTo(JobState.failed);
    assertThat(status.endedAt()).isEqualTo(99L);
    assertThat(status.lanes().get(Lane.CPU).timedOut()).isEqualTo(1);
    assertThat(status.lanes().get(Lane.IO).succeeded()).isEqualTo(11);
    var page = book.results(0, 100);
    assertThat(page.complete()).isTrue();
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = page.lines().lines().toList();
    assertThat(lines).hasSize(15);
    var line = mapper.readTree(lines.get(10));
    assertThat(line.get("id").asText()).isEqualTo("cpu-0");
    assertThat(line.get("status").asText()).isEqualTo("timed_out");
    assertThat(line.get("attempts").asInt()).isEqualTo(2);
    assertThat(line.get("lane").asText()).isEqualTo("cpu");
  }

  @Test
  void tasksOfALostWorkerAreQueuedAgainAndTasksElsewhereStay() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 3, "w1/io");
    book.take(Lane.IO, 2, "w2/io");
    assertThat(book.status().lanes().get(Lane.IO).running()).isEqualTo(5);
    assertThat(book.requeue("w1/io", Lane.IO)).isEqualTo(3);
    assertThat(book.status().lanes().get(Lane.IO).running()).isEqualTo(2);
    List<TaskSpec> again = book.take(Lane.IO, 3, "w2/io");
    assertThat(again).extracting(TaskSpec::index).containsExactly(0, 1, 2);
  }

  @Test
  void rewindQueuesEveryTaskWithoutAResult() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 11, "w/io");
    book.record("w", List.of(ok(0), ok(5)), 1L);
    book.rewind();
    List<TaskSpec> queued = book.take(Lane.IO, 100, "w/io");
    assertThat(queued).extracting(TaskSpec::index).doesNotContain(0, 5).hasSize(9);
  }

  @Test
  void cancelEndsEveryOpenTaskAsCancelled() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 2, "w/io");
    book.record("w", List.of(ok(0)), 1L);
    assertThat(book.cancel(2L)).containsExactly("w/io");
    JobStatus status = book.status();
    assertThat(status.state()).isEqualTo(JobState.cancelled);
    assertThat(status.lanes().get(Lane.IO).cancelled()).isEqualTo(10);
    assertThat(status.lanes().get(Lane.CPU).cancelled()).isEqualTo(4);
    assertThat(book.take(Lane.CPU, 10, "w/cpu")).isEmpty();
    assertThat(book.results(0, 100).lines().lines()).hasSize(15)
        .filteredOn(line -> line.contains("\"cancelled\"")).hasSize(14);
  }

  @Test
  void resultPagesResumeWhereTheyStopped() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 11, "w/io");
    List<TaskOutcome> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(ok(i));
    }
    book.record("w", all, 1L);
    var first = book.results(0, 4);
    assertThat(first.lines().lines()).hasSize(4);
    assertThat(first.complete()).isFalse();
    var rest = book.results(first.next(), 100);
    assertThat(rest.lines().lines()).hasSize(6);
    assertThat(rest.complete()).isTrue();
  }

  /** Pages travel as one message: big outputs end a page early, never mid-line, never empty. */
  @Test
  void resultPagesStopAtTheirSizeLimitWithAtLeastOneLine() {
    JobBook book = mixedJob();
    book.take(Lane.IO, 11, "w/io");
    String big = "x".repeat(1000);
    List<TaskOutcome> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(new TaskOutcome(i, TaskStatus.SUCCEEDED, RawJson.of(JSON.textNode(big)), null, 1, "t"));
    }
    book.record("w", all, 1L);

    var first = book.results(0, 100, false, 2500);
    assertThat(first.count()).as("stops once the text reaches 2,500 characters").isEqualTo(3);
    assertThat(first.lines().lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains(big));
    assertThat(first.complete()).isFalse();
    var tiny = book.results(first.next(), 100, false, 10);
    assertThat(tiny.count()).as("a line longer than the limit still makes a page").isEqualTo(1);
    int seen = first.count() + tiny.count();
    int next = tiny.next();
    while (true) {
      var page = book.results(next, 100, false, 2500);
      seen += page.count();
      next = page.next();
      if (page.complete()) {
        break;
      }
    }
    assertThat(seen).isEqualTo(10);
  }

  private static JobBook keyedJob() {
    JsonNodeFactory f = JSON;
    return new JobBook("keys", new JobSpec(null, null, List.of(
        new TaskTemplate("a", "noop", Lane.IO, f.objectNode(), 0, 0, "group-a", 4, 1),
        new TaskTemplate("b", "noop", Lane.IO, f.objectNode(), 0, 0, "group-b", 4, 2),
        new TaskTemplate("free", "noop", Lane.IO, f.objectNode(), 0, 0, null, 4, 3))), 1L);
  }

  @Test
  void keyedTasksPreferTheWorkerThatRanTheirKeyFirst() {
    JobBook book = keyedJob();
    book.take(Lane.IO, 1, "w1/io");                     // w1 runs group-a
    List<TaskSpec> w2 = book.take(Lane.IO, 4, "w2/io"); // w2 skips group-a, takes group-b
    assertThat(w2).extracting(TaskSpec::key).containsOnly("group-b");
    List<TaskSpec> w1 = book.take(Lane.IO, 3, "w1/io"); // the set-aside group-a tasks come to w1
    assertThat(w1).extracting(TaskSpec::id).containsExactly("a-1", "a-2", "a-3");
    assertThat(book.take(Lane.IO, 10, "w1/io")).extracting(TaskSpec::id)
        .containsExactly("free-0", "free-1", "free-2", "free-3");
    assertThat(book.mayHaveQueued(Lane.IO)).isFalse();
  }

  @Test
  void aWorkerWithRoomAndNothingElseQueuedTakesAnotherWorkersKey() {
    JobBook book = keyedJob();
    book.take(Lane.IO, 1, "w1/io");                     // group-a belongs to w1
    // only group-a tasks are ahead: w2 never waits while it has room
    assertThat(book.take(Lane.IO, 1, "w2/io")).extracting(TaskSpec::id).containsExactly("a-1");
  }

  @Test
  void aWorkerWithRoomTakesTasksSetAsideForAnother() {
    JobBook book = keyedJob();
    book.take(Lane.IO, 1, "w1/io");                     // group-a belongs to w1
    book.take(Lane.IO, 1, "w2/io");                     // ... w2 took what it could
    List<TaskSpec> rest = book.take(Lane.IO, 100, "w2/io");
    assertThat(rest).hasSize(10).extracting(TaskSpec::key).contains("group-a", "group-b");
    assertThat(book.status().lanes().get(Lane.IO).queued()).isZero();
  }

  @Test
  void tasksSetAsideForALostWorkerAreQueuedAgain() {
    JobBook book = keyedJob();
    book.take(Lane.IO, 1, "w1/io");
    book.take(Lane.IO, 5, "w2/io");                     // sets group-a aside for w1
    assertThat(book.requeue("w1/io", Lane.IO)).isGreaterThanOrEqualTo(1);
    List<TaskSpec> again = book.take(Lane.IO, 100, "w2/io");
    assertThat(again).extracting(TaskSpec::id).contains("a-0");
    assertThat(book.status().lanes().get(Lane.IO).queued()).isZero();
  }
}
