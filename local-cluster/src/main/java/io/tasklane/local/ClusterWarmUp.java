package io.tasklane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The warm-up {@code tasklane local up} runs once the cluster has formed: {@code POST
 * /api/cluster/warm-up} (the coordinator's setting {@code tasklane.coordinator.warm-up}: a few
 * no-op jobs through the cluster's own paths, then appends of one task each with wait over its
 * HTTP API, unlisted), so that the first job a user sends, and a service's first requests, run on
 * compiled code. {@code --no-warm-up} or {@code TASKLANE_WARM_UP=off} leave it out.
 */
final class ClusterWarmUp {

  /** Longest the launcher waits for it: the coordinator's max-time (30 s) and the job running then. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ClusterWarmUp() {
  }

  /** Whether the environment leaves the warm-up on. */
  static boolean wanted(Map<String, String> env) {
    return !"off".equalsIgnoreCase(env.getOrDefault("TASKLANE_WARM_UP", "on").trim());
  }

  /**
   * Tasks per warm-up job for a cluster of {@code workers}: the coordinator's default (20,000)
   * for up to two, and 10,000 a worker beyond, so that each worker runs as many as with two (with
   * four workers and 20,000 a job, their JIT threads still took 60% of their CPU in the first runs).
   */
  static int tasksPerJob(int workers) {
    return Math.max(20_000, 10_000 * workers);
  }

  /** Runs it; returns one line saying what it did, or why it did not (a failed warm-up is only slower). */
  static String run(String server, String token, int workers) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String query = workers > 2 ? "?tasks=" + tasksPerJob(workers) : "";
    HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/api/cluster/warm-up" + query))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return "no warm-up: the coordinator does not offer it";
      }
      if (response.statusCode() != 200) {
        return "warm-up failed (HTTP " + response.statusCode() + "): " + response.body().strip();
      }
      return describe(MAPPER.readTree(response.body()));
    } catch (IOException failed) {
      return "warm-up failed: " + failed;
    }
  }

  static String describe(JsonNode report) {
    int requests = report.path("requests").asInt();
    double jit = report.path("jitSettleSeconds").asDouble();
    return String.format(Locale.ROOT, "warmed up: %d no-op job(s) of %,d tasks%s in %.1f s%s%s",
        report.path("jobs").asInt(), report.path("tasksPerJob").asInt(),
        requests == 0 ? "" : String.format(Locale.ROOT, " and %,d one-task requests", requests),
        report.path("seconds").asDouble(),
        jit > 0 ? String.format(Locale.ROOT, " (the last %.1f s waiting for the JIT to finish compiling)", jit) : "",
        report.path("cutShort").asBoolean() ? " (cut short by tasklane.coordinator.warm-up.max-time)" : "");
  }
}
