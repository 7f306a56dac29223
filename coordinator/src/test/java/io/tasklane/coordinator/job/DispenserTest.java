package io.tasklane.coordinator.job;

import static io.tasklane.coordinator.job.Jobs.keyedJob;
import static io.tasklane.coordinator.job.Jobs.mixedJob;
import static io.tasklane.coordinator.job.Jobs.ok;
import static io.tasklane.coordinator.job.Jobs.record;
import static io.tasklane.coordinator.job.Jobs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.task.TaskSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a job hands out and to whom: its queues, tasks in flight and key affinity, without actors. */
class DispenserTest {

  /** Every kind the test jobs have: their worker lanes take them all. */
  private static final Set<TaskKind> ALL = Set.of(TaskKind.fixed("noop"), TaskKind.fixed("sha256"));

  private static List<TaskSpec> take(Dispenser dispenser, Lane lane, int max, String owner) {
    return dispenser.take(lane, ALL, max, Long.MAX_VALUE, owner);
  }

  @Test
  void takesNeverMoreThanAskedAndKeepsLanesApart() {
    Dispenser dispenser = new Dispenser(mixedJob(), Integer.MAX_VALUE);
    List<TaskSpec> cpu = take(dispenser, Lane.CPU, 3, "w1/cpu");
    assertThat(cpu).hasSize(3).allSatisfy(task -> assertThat(task.lane()).isEqualTo(Lane.CPU));
    assertThat(cpu).extracting(TaskSpec::id).containsExactly("cpu-0", "cpu-1", "cpu-2");
    List<TaskSpec> io = take(dispenser, Lane.IO, 100, "w1/io");
    assertThat(io).hasSize(11).allSatisfy(task -> assertThat(task.lane()).isEqualTo(Lane.IO));
    assertThat(take(dispenser, Lane.CPU, 100, "w1/cpu")).hasSize(1);
    assertThat(take(dispenser, Lane.CPU, 100, "w1/cpu")).isEmpty();
    assertThat(dispenser.kindsQueued(Lane.IO)).isEmpty();
    assertThat(dispenser.in(Lane.IO)).isEqualTo(11);
  }

  @Test
  void appendedTasksQueueBehindTheRestAlsoInAnExhaustedLane() {
    JobLedger ledger = Jobs.openJob();
    Dispenser dispenser = new Dispenser(ledger, Integer.MAX_VALUE);
    ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    ledger.append(List.of(template(null, "sha256", Lane.CPU, null), template(null, "noop", Lane.IO, null)), 3L, null);
    dispenser.queueNew();
    assertThat(dispenser.work().keySet()).containsExactlyInAnyOrder(Lane.IO, Lane.CPU);
    List<TaskSpec> io = take(dispenser, Lane.IO, 10, "w/io");
    assertThat(io).extracting(TaskSpec::index).containsExactly(0, 1, 3);
    assertThat(io.get(1).input().get("value").asText()).as("${i} counts within the template").isEqualTo("v1");
    assertThat(take(dispenser, Lane.CPU, 10, "w/cpu")).extracting(TaskSpec::index).containsExactly(2);
    record(ledger, dispenser, "w", List.of(ok(0), ok(1), ok(2), ok(3)), 5L);
    assertThat(dispenser.work().keySet()).isEmpty();

    ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 9L, null);
    dispenser.queueNew();
    assertThat(take(dispenser, Lane.IO, 10, "w/io")).extracting(TaskSpec::index).containsExactly(4, 5);
  }

  @Test
  void aRecoveredJobStartsAtTheFirstQueuedTaskAcrossAppends() {
    JobLedger ledger = Jobs.openJob();
    ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    ledger.append(List.of(template(null, "noop", Lane.IO, 2)), 3L, null);
    record(ledger, null, "w", List.of(ok(1), ok(2)), 2L);
    Dispenser recovered = new Dispenser(ledger, Integer.MAX_VALUE);
    assertThat(take(recovered, Lane.IO, 10, "w/io")).extracting(TaskSpec::index).containsExactly(0, 3);
  }

  @Test
  void aRecoveredJobQueuesEveryTaskWithoutAResult() {
    JobLedger ledger = mixedJob();
    Dispenser before = new Dispenser(ledger, Integer.MAX_VALUE);
    take(before, Lane.IO, 11, "w/io");
    record(ledger, before, "w", List.of(ok(0), ok(5)), 1L);
    Dispenser recovered = new Dispenser(ledger, Integer.MAX_VALUE);
    assertThat(take(recovered, Lane.IO, 100, "w/io")).extracting(TaskSpec::index).doesNotContain(0, 5).hasSize(9);
  }

  @Test
  void expandsRepeatLazilyWithIdsAndIndexSubstitution() {
    JobLedger ledger = new JobLedger("big", new JobSpec(null, null, List.of(template("many", "noop", Lane.IO, 1_000_000))), 1L);
    assertThat(ledger.total()).isEqualTo(1_000_000);
    List<TaskSpec> first = take(new Dispenser(ledger, Integer.MAX_VALUE), Lane.IO, 2, "w/io");
    assertThat(first).extracting(TaskSpec::id).containsExactly("many-0", "many-1");
    assertThat(first.get(1).input().get("value").asText()).isEqualTo("v1");
    assertThat(first.get(1).index()).isEqualTo(1);
  }

  @Test
  void takesNoMoreThanMaxUnrecordedUntilResultsAreRecorded() {
    JobLedger ledger = mixedJob();
    Dispenser dispenser = new Dispenser(ledger, 4);
    assertThat(take(dispenser, Lane.IO, 100, "w/io")).hasSize(4);
    assertThat(dispenser.atUnrecordedLimit()).isTrue();
    assertThat(take(dispenser, Lane.CPU, 100, "w/cpu")).isEmpty();
    assertThat(dispenser.kindsQueued(Lane.IO)).isEmpty();
    record(ledger, dispenser, "w", List.of(ok(0), ok(1)), 2L);
    assertThat(dispenser.atUnrecordedLimit()).isFalse();
    assertThat(take(dispenser, Lane.CPU, 100, "w/cpu")).extracting(TaskSpec::id).containsExactly("cpu-0", "cpu-1");
  }

  @Test
  void tasksOfALostWorkerAreQueuedAgainAndTasksElsewhereStay() {
    Dispenser dispenser = new Dispenser(mixedJob(), Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 3, "w1/io");
    take(dispenser, Lane.IO, 2, "w2/io");
    assertThat(dispenser.in(Lane.IO)).isEqualTo(5);
    assertThat(dispenser.dispatchedAt(0)).isPositive();
    assertThat(dispenser.requeue("w1/io", Lane.IO)).isEqualTo(3);
    assertThat(dispenser.in(Lane.IO)).isEqualTo(2);
    assertThat(dispenser.dispatchedAt(0)).isEqualTo(-1);
    List<TaskSpec> again = take(dispenser, Lane.IO, 3, "w2/io");
    assertThat(again).extracting(TaskSpec::index).containsExactly(0, 1, 2);
  }

  @Test
  void aCancelledJobHasNothingQueuedOrInFlight() {
    JobLedger ledger = mixedJob();
    Dispenser dispenser = new Dispenser(ledger, Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 2, "w/io");
    ledger.cancel(2L);
    dispenser.clear();
    assertThat(take(dispenser, Lane.CPU, 10, "w/cpu")).isEmpty();
    assertThat(dispenser.in(Lane.IO)).isZero();
    assertThat(dispenser.queued(Lane.IO)).isZero();
    assertThat(dispenser.work().keySet()).isEmpty();
  }

  @Test
  void keyedTasksPreferTheWorkerThatRanTheirKeyFirst() {
    Dispenser dispenser = new Dispenser(keyedJob(), Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 1, "w1/io");                     // w1 runs group-a
    List<TaskSpec> w2 = take(dispenser, Lane.IO, 4, "w2/io"); // w2 skips group-a, takes group-b
    assertThat(w2).extracting(TaskSpec::key).containsOnly("group-b");
    List<TaskSpec> w1 = take(dispenser, Lane.IO, 3, "w1/io"); // the set-aside group-a tasks come to w1
    assertThat(w1).extracting(TaskSpec::id).containsExactly("a-1", "a-2", "a-3");
    assertThat(take(dispenser, Lane.IO, 10, "w1/io")).extracting(TaskSpec::id)
        .containsExactly("free-0", "free-1", "free-2", "free-3");
    assertThat(dispenser.kindsQueued(Lane.IO)).isEmpty();
  }

  @Test
  void aWorkerWithRoomAndNothingElseQueuedTakesAnotherWorkersKey() {
    Dispenser dispenser = new Dispenser(keyedJob(), Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 1, "w1/io");                     // group-a belongs to w1
    // only group-a tasks are ahead: w2 never waits while it has room
    assertThat(take(dispenser, Lane.IO, 1, "w2/io")).extracting(TaskSpec::id).containsExactly("a-1");
  }

  @Test
  void aWorkerWithRoomTakesTasksSetAsideForAnother() {
    Dispenser dispenser = new Dispenser(keyedJob(), Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 1, "w1/io");                     // group-a belongs to w1
    take(dispenser, Lane.IO, 1, "w2/io");                     // ... w2 took what it could
    List<TaskSpec> rest = take(dispenser, Lane.IO, 100, "w2/io");
    assertThat(rest).hasSize(10).extracting(TaskSpec::key).contains("group-a", "group-b");
    assertThat(dispenser.queued(Lane.IO)).isZero();
  }

  @Test
  void tasksSetAsideForALostWorkerAreQueuedAgain() {
    Dispenser dispenser = new Dispenser(keyedJob(), Integer.MAX_VALUE);
    take(dispenser, Lane.IO, 1, "w1/io");
    take(dispenser, Lane.IO, 5, "w2/io");                     // sets group-a aside for w1
    assertThat(dispenser.requeue("w1/io", Lane.IO)).isGreaterThanOrEqualTo(1);
    List<TaskSpec> again = take(dispenser, Lane.IO, 100, "w2/io");
    assertThat(again).extracting(TaskSpec::id).contains("a-0");
    assertThat(dispenser.queued(Lane.IO)).isZero();
  }
}
