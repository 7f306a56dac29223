package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the result router groups waiting worker batches into one journal write. */
class ResultGroupTest {

  private static ReportResults batch(int outcomes, int outputBytes) {
    RawJson output = RawJson.ofUtf8(("\"" + "x".repeat(outputBytes - 2) + "\"").getBytes());
    return new ReportResults("j", "w", Lane.IO, IntStream.range(0, outcomes)
        .mapToObj(i -> new TaskOutcome(i, TaskStatus.SUCCEEDED, output, null, 1, "t")).toList());
  }

  @Test
  void aBurstOfSmallBatchesGoesInOneWrite() {
    List<ReportResults> waiting = Collections.nCopies(20, batch(250, 16));
    // 20 x 250 x (16 + 64) = 400 KB: far below the limit
    assertThat(ResultRouter.groupSize(waiting, ResultRouter.MAX_GROUP_BYTES)).isEqualTo(20);
  }

  @Test
  void largeBatchesAreSplitAtTheByteLimitAndAGroupAlwaysTakesOne() {
    ReportResults oneMiB = batch(1, 1024 * 1024 - 64);
    assertThat(ResultRouter.estimate(oneMiB)).isEqualTo(1024 * 1024);
    List<ReportResults> waiting = Collections.nCopies(5, oneMiB);
    assertThat(ResultRouter.groupSize(waiting, ResultRouter.MAX_GROUP_BYTES)).isEqualTo(2);
    assertThat(ResultRouter.groupSize(List.of(batch(1, 5_000_000)), ResultRouter.MAX_GROUP_BYTES)).isEqualTo(1);
  }

  @Test
  void errorsCountAtTheirUtf8Size() {
    ReportResults failed = new ReportResults("j", "w", Lane.IO,
        List.of(new TaskOutcome(0, TaskStatus.FAILED, null, "é".repeat(100), 1, "t")));
    assertThat(ResultRouter.estimate(failed)).isEqualTo(64 + 200); // é is two bytes
  }
}
