package io.tasklane.coordinator.job;

import static io.tasklane.coordinator.job.Jobs.ok;
import static io.tasklane.coordinator.job.Jobs.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

  private static final long T0 = 1_000_000L;

  /** io-0 … io-9 (IO), cpu-0 … cpu-3 (CPU), last (IO): 15 tasks, submitted at T0. */
  private static JobEvent.JobSubmitted submitted() {
    return new JobEvent.JobSubmitted("j1", RecordedSpec.of(new JobSpec(null, "mixed", List.of(
        template("io", "noop", Lane.IO, 10),
        template("cpu", "sha256", Lane.CPU, 4),
        template("last", "noop", Lane.IO, null)))), T0);
  }

  private static JobEvent.ResultsRecorded results(String worker, long at, TaskOutcome... outcomes) {
    return new JobEvent.ResultsRecorded(worker, RecordedOutcomes.of(List.of(outcomes)), at);
  }

  @Test
  void countsFinishedTasksPerSecondPerWorkerLaneAndDrawsEachTask() {
    JobHistory history = new JobHistory(100, 1000);
    history.apply(submitted());
    history.apply(results("w1", T0 + 200, ok(0), ok(1), ok(10)));
    history.apply(results("w2", T0 + 2_500, ok(2), new TaskOutcome(11, TaskStatus.FAILED, null, "boom", 3, "t")));
    JobHistory.View view = history.view();

    assertThat(history.exists()).isTrue();
    assertThat(view.submittedAt()).isEqualTo(T0);
    assertThat(view.lastAt()).isEqualTo(T0 + 2_500);
    assertThat(view.bucketMs()).isEqualTo(1000);
    assertThat(view.ended()).containsExactly(3, 0, 2);
    assertThat(view.workers()).extracting(JobHistory.Share::worker, JobHistory.Share::lane, JobHistory.Share::ended)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("w1", "cpu", Map.of("succeeded", 1)),
            org.assertj.core.api.Assertions.tuple("w1", "io", Map.of("succeeded", 2)),
            org.assertj.core.api.Assertions.tuple("w2", "cpu", Map.of("failed", 1)),
            org.assertj.core.api.Assertions.tuple("w2", "io", Map.of("succeeded", 1)));
    assertThat(view.timeline()).containsExactly(
        new JobHistory.Mark(0, "w1", "io", "succeeded", T0 + 200),
        new JobHistory.Mark(1, "w1", "io", "succeeded", T0 + 200),
        new JobHistory.Mark(10, "w1", "cpu", "succeeded", T0 + 200),
        new JobHistory.Mark(2, "w2", "io", "succeeded", T0 + 2_500),
        new JobHistory.Mark(11, "w2", "cpu", "failed", T0 + 2_500));
  }

  @Test
  void aLongJobsBucketsWidenSoTheLineKeepsAtMostItsPoints() {
    JobHistory history = new JobHistory(4, 1000);
    history.apply(submitted());
    for (int i = 0; i < 10; i++) {
      history.apply(results("w1", T0 + i * 1_000L + 10, ok(i)));
    }
    JobHistory.View view = history.view();
    assertThat(view.ended()).hasSizeLessThanOrEqualTo(4);
    assertThat(view.bucketMs()).isEqualTo(4_000);
    assertThat(view.ended()).containsExactly(4, 4, 2);
    assertThat(view.ended().stream().mapToInt(Integer::intValue).sum()).as("no task lost by widening").isEqualTo(10);
  }

  @Test
  void aJobTooLargeToDrawHasNoTimelineButItsCounts() {
    JobHistory history = new JobHistory(100, 10);
    history.apply(submitted());
    history.apply(results("w1", T0 + 5, ok(0)));
    assertThat(history.view().timeline()).isNull();
    assertThat(history.view().timelineMaxTasks()).isEqualTo(10);
    assertThat(history.view().ended()).containsExactly(1);
  }

  @Test
  void tasksAppendedToAnOpenJobHaveTheirLanes() {
    JobHistory history = new JobHistory(100, 1000);
    history.apply(new JobEvent.JobSubmitted("open", RecordedSpec.of(new JobSpec(null, "s", List.of(), true)), T0));
    history.apply(new JobEvent.TasksAppended(RecordedTemplate.of(List.of(template("c", "sha256", Lane.CPU, 2))),
        T0 + 1, null));
    history.apply(results("w1", T0 + 10, ok(1)));
    history.apply(new JobEvent.JobClosed(T0 + 20));
    assertThat(history.view().timeline()).containsExactly(new JobHistory.Mark(1, "w1", "cpu", "succeeded", T0 + 10));
    assertThat(history.view().lastAt()).isEqualTo(T0 + 20);
  }

  @Test
  void withoutASubmitThereIsNoJob() {
    assertThat(new JobHistory(10, 10).exists()).isFalse();
  }
}
