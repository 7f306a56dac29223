package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries with backoff, per-attempt timeouts on both lanes and the output size limit, with
 * test-only task types ({@code io.tasklane.it.plugin}) loaded from a plugin jar by a real
 * worker JVM ({@code TASKLANE_PLUGIN_DIR}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetriesAndTimeoutsIT {

  @TempDir static Path work;
  private LocalCluster cluster;
  private Api api;

  @BeforeAll
  void startAClusterWithTheTestPlugin() throws Exception {
    Path plugins = work.resolve("plugins");
    PluginJar.write(plugins);
    Path dir = work.resolve("cluster");
    Files.createDirectories(dir);
    cluster = LocalCluster.up(dir, 1, Map.of("TASKLANE_PLUGIN_DIR", plugins.toString()));
    api = cluster.api();
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aFailingTaskIsRetriedWithBackoffThenRecordedFailedWithItsError() throws Exception {
    String jobId = api.submit("""
        {"name": "flaky", "defaults": {"timeout": "30s"},
         "tasks": [
           {"id": "recovers", "type": "test.flaky", "retries": 3, "input": {"failTimes": 2}},
           {"id": "gives-up", "type": "test.flaky", "retries": 2, "input": {"failTimes": 5}},
           {"id": "fine", "type": "noop", "input": {"v": 1}}
         ]}
        """);
    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("failed");
    Map<String, JsonNode> results = api.resultsById(jobId, 3);

    JsonNode recovers = results.get("recovers");
    assertThat(recovers.get("status").asText()).as(recovers.toString()).isEqualTo("succeeded");
    assertThat(recovers.get("attempts").asInt()).as(recovers.toString()).isEqualTo(3);
    assertThat(recovers.at("/output/attempts").asInt()).as(recovers.toString()).isEqualTo(3);
    assertThat(recovers.at("/output/attempt").asInt()).as(recovers.toString()).isEqualTo(3);
    JsonNode gaps = recovers.at("/output/gapsMs");
    assertThat(gaps).as(recovers.toString()).hasSize(2);
    // Backoff base 100 ms, doubling: lower bounds only (a loaded machine only adds).
    assertThat(gaps.get(0).asLong()).as("wait before attempt 2: %s", recovers).isGreaterThanOrEqualTo(100);
    assertThat(gaps.get(1).asLong()).as("wait before attempt 3: %s", recovers).isGreaterThanOrEqualTo(200);

    JsonNode givesUp = results.get("gives-up");
    assertThat(givesUp.get("status").asText()).as(givesUp.toString()).isEqualTo("failed");
    assertThat(givesUp.get("attempts").asInt()).as(givesUp.toString()).isEqualTo(3);
    assertThat(givesUp.get("error").asText()).as(givesUp.toString())
        .contains("test.flaky failure 3 of 5");
    assertThat(givesUp.get("output").isNull()).as(givesUp.toString()).isTrue();

    assertThat(results.get("fine").get("status").asText()).isEqualTo("succeeded");
  }

  @Test
  @Order(2)
  void hangingAndSpinningTasksTimeOutPerAttemptAndFreeTheirLanes() throws Exception {
    String jobId = api.submit("""
        {"name": "stuck",
         "tasks": [
           {"id": "hang", "type": "test.hang", "timeout": "500ms", "retries": 1},
           {"id": "spin", "type": "test.spin", "timeout": "500ms", "retries": 0}
         ]}
        """);
    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("failed");
    Map<String, JsonNode> results = api.resultsById(jobId, 2);

    JsonNode hang = results.get("hang");
    assertThat(hang.get("status").asText()).as(hang.toString()).isEqualTo("timed_out");
    assertThat(hang.get("attempts").asInt()).as(hang.toString()).isEqualTo(2);
    assertThat(hang.get("error").asText()).as(hang.toString()).containsIgnoringCase("timed out");

    JsonNode spin = results.get("spin");
    assertThat(spin.get("status").asText()).as(spin.toString()).isEqualTo("timed_out");
    assertThat(spin.get("attempts").asInt()).as(spin.toString()).isEqualTo(1);
    assertThat(spin.get("error").asText()).as(spin.toString()).containsIgnoringCase("timed out");

    assertLanesFree();
    assertANormalJobSucceeds();
  }

  @Test
  @Order(3)
  void anOutputOverTheLimitFailsItsTaskWithAClearError() throws Exception {
    String jobId = api.submit("""
        {"name": "big",
         "tasks": [
           {"id": "big", "type": "test.big", "retries": 2, "input": {"bytes": 2000000}},
           {"id": "small", "type": "test.big", "input": {"bytes": 1000}}
         ]}
        """);
    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("failed");
    Map<String, JsonNode> results = api.resultsById(jobId, 2);

    JsonNode big = results.get("big");
    assertThat(big.get("status").asText()).as(big.toString()).isEqualTo("failed");
    assertThat(big.get("error").asText()).as(big.toString())
        .contains("over the limit").contains("max-output-bytes");
    assertThat(big.get("output").isNull()).as(big.toString()).isTrue();

    JsonNode small = results.get("small");
    assertThat(small.get("status").asText()).as(small.toString()).isEqualTo("succeeded");
    assertThat(small.at("/output/text").asText()).hasSize(1000);

    assertLanesFree();
  }

  @Test
  @Order(4)
  void aCpuTaskThatIgnoresCancellationDoesNotWedgeTheCpuLane() throws Exception {
    JsonNode cpuLane = null;
    for (JsonNode lane : api.cluster().get("lanes")) {
      if (lane.get("lane").asText().equals("cpu")) {
        cpuLane = lane;
      }
    }
    assertThat(cpuLane).isNotNull();
    int threads = cpuLane.get("capacity").asInt();
    // As many stubborn tasks as the lane has threads: each holds its thread for 30 s after its timeout.
    String stubborn = api.submit("""
        {"name": "stubborn",
         "tasks": [{"id": "s", "type": "test.stubborn", "repeat": %d, "timeout": "500ms", "retries": 0,
                    "input": {"ms": 30000}}]}
        """.formatted(threads));
    JsonNode status = api.awaitEnded(stubborn, Duration.ofSeconds(20));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("failed");
    api.resultsById(stubborn, threads).values().forEach(result ->
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("timed_out"));

    // The stubborn attempts still hold their threads: CPU work must run anyway, long before they let go.
    String hashes = api.submit("""
        {"name": "after-stubborn",
         "tasks": [{"id": "h", "type": "sha256", "repeat": %d, "timeout": "30s", "input": {"iterations": 1000}}]}
        """.formatted(2 * threads));
    JsonNode after = api.awaitEnded(hashes, Duration.ofSeconds(20));
    assertThat(after.get("state").asText()).as("%s%s", after, cluster.logs()).isEqualTo("succeeded");
    assertThat(api.resultsById(hashes, 2 * threads)).hasSize(2 * threads);
  }

  private void assertLanesFree() {
    await("every lane free").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          JsonNode lanes = api.cluster().get("lanes");
          assertThat(lanes).hasSize(2);
          lanes.forEach(lane -> {
            assertThat(lane.get("busy").asInt()).as(lane.toString()).isZero();
            assertThat(lane.get("credit").asInt()).as(lane.toString()).isEqualTo(lane.get("capacity").asInt());
          });
        });
  }

  private void assertANormalJobSucceeds() throws Exception {
    String jobId = api.submit("""
        {"name": "normal",
         "tasks": [
           {"id": "h", "type": "sha256", "repeat": 8, "input": {"iterations": 1000}},
           {"id": "n", "type": "sleep", "repeat": 20, "input": {"ms": 50}}
         ]}
        """);
    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("succeeded");
    api.resultsById(jobId, 28).values().forEach(result ->
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded"));
  }
}
