package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterWarmUpTest {

  @Test
  void onUnlessTheEnvironmentTurnsItOff() {
    assertThat(ClusterWarmUp.wanted(Map.of())).isTrue();
    assertThat(ClusterWarmUp.wanted(Map.of("TASKLANE_WARM_UP", "on"))).isTrue();
    assertThat(ClusterWarmUp.wanted(Map.of("TASKLANE_WARM_UP", "OFF"))).isFalse();
  }

  @Test
  void largerClustersGetLargerJobsSoThatEachWorkerWarmsAsMuch() {
    assertThat(ClusterWarmUp.tasksPerJob(1)).isEqualTo(20_000);
    assertThat(ClusterWarmUp.tasksPerJob(2)).isEqualTo(20_000);
    assertThat(ClusterWarmUp.tasksPerJob(4)).isEqualTo(40_000);
  }

  @Test
  void theReportSaysWhatRanAndWhetherMaxTimeCutItShort() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(ClusterWarmUp.describe(json.readTree(
        "{\"jobs\":8,\"tasksPerJob\":20000,\"jobSeconds\":[0.5],\"seconds\":3.21,\"cutShort\":false}")))
        .isEqualTo("warmed up: 8 no-op job(s) of 20,000 tasks in 3.2 s");
    assertThat(ClusterWarmUp.describe(json.readTree(
        "{\"jobs\":8,\"tasksPerJob\":20000,\"jobSeconds\":[0.5],\"requests\":3000,\"requestSeconds\":2.5,"
            + "\"seconds\":5.71,\"cutShort\":false}")))
        .isEqualTo("warmed up: 8 no-op job(s) of 20,000 tasks and 3,000 one-task requests in 5.7 s");
    assertThat(ClusterWarmUp.describe(json.readTree(
        "{\"jobs\":8,\"tasksPerJob\":20000,\"jobSeconds\":[0.5],\"requests\":3000,\"requestSeconds\":2.5,"
            + "\"jitSettleSeconds\":4.5,\"seconds\":10.21,\"cutShort\":false}")))
        .isEqualTo("warmed up: 8 no-op job(s) of 20,000 tasks and 3,000 one-task requests in 10.2 s"
            + " (the last 4.5 s waiting for the JIT to finish compiling)");
    assertThat(ClusterWarmUp.describe(json.readTree(
        "{\"jobs\":3,\"tasksPerJob\":20000,\"jobSeconds\":[],\"seconds\":31.0,\"cutShort\":true}")))
        .endsWith("(cut short by tasklane.coordinator.warm-up.max-time)");
  }
}
