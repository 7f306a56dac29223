package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A draining lane's confirmation is answered only once every batch of its job that reached the
 * router before it is journaled: the lane unregisters after that, so its job's LaneLost cannot
 * overtake the results (a drained worker's finished tasks ran again elsewhere when it could).
 */
class JobResultsTest {

  private static ReportResults batch(int index) {
    return new ReportResults("j", "w", Lane.IO, List.of(new TaskOutcome(index, TaskStatus.SUCCEEDED, null, null, 1, "t")));
  }

  private static JobResults<String> job() {
    return new JobResults<>(ResultRouter.groups(1024 * 1024));
  }

  @Test
  void aConfirmationWithNothingWaitingIsAnsweredAtOnce() {
    JobResults<String> job = job();
    assertThat(job.confirm("lane-a")).isTrue();
    assertThat(job.isIdle()).isTrue();

    List<ReportResults> first = job.add(batch(0));
    assertThat(job.written(first)).isEmpty();
    assertThat(job.confirm("lane-a")).as("all it had is journaled").isTrue();
  }

  @Test
  void aConfirmationWaitsForTheBatchInFlightAndThoseThatWaitedBeforeIt() {
    JobResults<String> job = job();
    List<ReportResults> inFlight = job.add(batch(0));
    assertThat(inFlight).hasSize(1);
    assertThat(job.add(batch(1))).as("waits for the write in flight").isEmpty();
    assertThat(job.confirm("lane-a")).isFalse();
    assertThat(job.add(batch(2))).isEmpty(); // after the confirmation: not waited for
    assertThat(job.isIdle()).isFalse();

    List<ReportResults> next = job.written(inFlight);
    assertThat(job.confirmed()).as("batch 1 is not journaled yet").isEmpty();
    assertThat(next).extracting(report -> report.outcomes().get(0).index()).containsExactly(1, 2);

    assertThat(job.written(next)).isEmpty();
    assertThat(job.confirmed()).containsExactly("lane-a");
    assertThat(job.isIdle()).isTrue();
  }

  @Test
  void aFailedWriteKeepsTheConfirmationWaitingUntilItIsWrittenAgain() {
    JobResults<String> job = job();
    List<ReportResults> inFlight = job.add(batch(0));
    assertThat(job.confirm("lane-a")).isFalse();

    List<ReportResults> again = job.failed(inFlight);
    assertThat(again).isEqualTo(inFlight);
    assertThat(job.confirmed()).isEmpty();
    assertThat(job.isIdle()).isFalse();

    assertThat(job.written(again)).isEmpty();
    assertThat(job.confirmed()).containsExactly("lane-a");
  }

  @Test
  void confirmationsAreAnsweredInOrderAsTheirBatchesAreJournaled() {
    JobResults<String> job = job();
    List<ReportResults> first = job.add(batch(0));
    assertThat(job.confirm("lane-a")).isFalse();
    assertThat(job.add(batch(1))).isEmpty();
    assertThat(job.confirm("lane-b")).isFalse();

    List<ReportResults> second = job.written(first);
    assertThat(job.confirmed()).containsExactly("lane-a");
    assertThat(job.written(second)).isEmpty();
    assertThat(job.confirmed()).containsExactly("lane-b");
  }
}
