package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.job.JobFileParser;
import io.tasklane.protocol.job.JobSpec;
import org.junit.jupiter.api.Test;

class JobsTest {

  @Test
  void workloadSpecsParseWithTheCoordinatorsParserAndHaveTheirTaskCounts() throws Exception {
    JobSpec w1Large = JobFileParser.parse("W1-large.json", Jobs.noop("W1-large", 1_000_000));
    JobSpec w2 = JobFileParser.parse("W2.json", Jobs.sleep("W2", 5_000, 200));
    JobSpec w3 = JobFileParser.parse("W3.json", Jobs.sha256("W3", 8, 3_000_000));
    JobSpec single = JobFileParser.parse("one.json", Jobs.sha256("one", 1, 16_000_000));

    assertThat(w1Large.taskCount()).isEqualTo(1_000_000);
    assertThat(w2.taskCount()).isEqualTo(5_000);
    assertThat(w3.taskCount()).isEqualTo(8);
    assertThat(single.taskCount()).isEqualTo(1);
    assertThat(w3.tasks().get(0).type()).isEqualTo("sha256");
    assertThat(w2.tasks().get(0).input().path("ms").asLong()).isEqualTo(200);
  }
}
