package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndedIdleTest {

  private static final CoordinatorSettings SETTINGS = CoordinatorSettings.fromConfig(ConfigFactory.load());

  @Test
  void anEndedJobWithLargeResultsLeavesMemorySooner() {
    assertThat(JobLifecycle.endedIdleFor(SETTINGS, 1_000_000)).isEqualTo(Duration.ofMinutes(2));
    assertThat(JobLifecycle.endedIdleFor(SETTINGS, 64L << 20)).as("at the limit").isEqualTo(Duration.ofMinutes(2));
    assertThat(JobLifecycle.endedIdleFor(SETTINGS, (64L << 20) + 1)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void tenMillionNoOpResultsAreLargeAndAMillionAreNot() {
    assertThat(resultBytes(10_000_000)).isGreaterThan(SETTINGS.largeResults());
    assertThat(resultBytes(1_000_000)).isLessThan(SETTINGS.largeResults())
        .as("about 29 bytes a result: a 21-byte record, a 4-byte offset, its place in the end order")
        .isBetween(25_000_000L, 33_000_000L);
  }

  /** What a job of {@code tasks} no-op results (as W1's: {"i":"N"}) holds, by its result log's own account. */
  private static long resultBytes(int tasks) {
    ResultLog log = new ResultLog(tasks);
    int batch = 1000;
    for (int first = 0; first < tasks; first += batch) {
      RecordedOutcomes outcomes = new RecordedOutcomes(batch);
      for (int i = first; i < first + batch; i++) {
        outcomes.add(i, io.tasklane.protocol.task.TaskStatus.SUCCEEDED,
            ("{\"i\":\"" + i + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 1, "lane-io-1");
      }
      for (int i = 0; i < batch; i++) {
        log.record(outcomes, i, "127.0.0.1:1234");
      }
    }
    return log.bytes();
  }
}
