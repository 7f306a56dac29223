package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.commit.GroupCommit;
import io.tasklane.coordinator.settings.CoordinatorSettings;
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

  /** The budget the router had before it became tasklane.coordinator.max-message-bytes. */
  private static final long TWO_MIB = 2L * 1024 * 1024;

  private static ReportResults batch(int outcomes, int outputBytes) {
    RawJson output = RawJson.ofUtf8(("\"" + "x".repeat(outputBytes - 2) + "\"").getBytes());
    return new ReportResults("j", "w", Lane.IO, IntStream.range(0, outcomes)
        .mapToObj(i -> new TaskOutcome(i, TaskStatus.SUCCEEDED, output, null, 1, "t")).toList());
  }

  /** The groups {@code waiting} goes in when it arrived while another write was in flight. */
  private static List<Integer> groupSizes(List<ReportResults> waiting, long maxBytes) {
    GroupCommit<ReportResults> groups = ResultRouter.groups(maxBytes);
    assertThat(groups.add(batch(1, 2))).hasSize(1);
    waiting.forEach(batch -> assertThat(groups.add(batch)).isEmpty());
    List<Integer> sizes = new java.util.ArrayList<>();
    for (List<ReportResults> group = groups.written(); !group.isEmpty(); group = groups.written()) {
      sizes.add(group.size());
    }
    return sizes;
  }

  @Test
  void aBurstOfSmallBatchesGoesInOneWrite() {
    List<ReportResults> waiting = Collections.nCopies(20, batch(250, 16));
    // 20 x 250 x (16 + 64) = 400 KB: far below the limit
    assertThat(groupSizes(waiting, TWO_MIB)).containsExactly(20);
    long defaultBudget = CoordinatorSettings.fromConfig(ConfigFactory.load()).maxMessageBytes();
    assertThat(groupSizes(waiting, defaultBudget)).as("also under the default budget").containsExactly(20);
  }

  @Test
  void largeBatchesAreSplitAtTheByteLimitAndAGroupAlwaysTakesOne() {
    ReportResults oneMiB = batch(1, 1024 * 1024 - 64);
    assertThat(ResultRouter.estimate(oneMiB)).isEqualTo(1024 * 1024);
    List<ReportResults> waiting = Collections.nCopies(5, oneMiB);
    assertThat(groupSizes(waiting, TWO_MIB)).containsExactly(2, 2, 1);
    assertThat(groupSizes(List.of(batch(1, 5_000_000)), TWO_MIB)).containsExactly(1);
    assertThat(groupSizes(waiting, 1024 * 1024)).as("a 1 MiB budget: one such batch a write")
        .containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void errorsCountAtTheirUtf8Size() {
    ReportResults failed = new ReportResults("j", "w", Lane.IO,
        List.of(new TaskOutcome(0, TaskStatus.FAILED, null, "é".repeat(100), 1, "t")));
    assertThat(ResultRouter.estimate(failed)).isEqualTo(64 + 200); // é is two bytes
  }
}
