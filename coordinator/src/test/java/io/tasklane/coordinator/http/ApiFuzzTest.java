package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.job.Leaks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API fuzzing over a real coordinator in this JVM ({@link InProcessCoordinator}): generated
 * requests ({@link ApiFuzz}: job files raw and enveloped, appends, closes, logins, plugin uploads,
 * strange query strings) are never answered 5xx, no answer shows a Java class name or stack
 * frame, and a refusal says what is wrong: a JSON {@code error}, an invalid job's problems each
 * with a line or a field, a bad query parameter named.
 *
 * <p>Deterministic: seeds {@code fuzz.seed} … {@code fuzz.seed + fuzz.api-tries - 1}; a failure
 * names its seed, and {@code ApiFuzz.generate(seed, …)} gives the request back.
 */
class ApiFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20_261_207L);
  private static final int TRIES = Integer.getInteger("fuzz.api-tries", 250);

  private static InProcessCoordinator coordinator;
  private static String openJob;
  private static String endedJob;

  @BeforeAll
  static void start() throws Exception {
    coordinator = InProcessCoordinator.start();
    openJob = submitOpen("fuzz-open");
    endedJob = submitOpen("fuzz-ended");
    RawExchange cancelled = send("DELETE", "/api/jobs/" + endedJob, Map.of(), new byte[0]);
    assertThat(cancelled.status()).as(cancelled.body()).isIn(200, 202);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        send("GET", "/api/jobs/" + endedJob, Map.of(), new byte[0]).body().contains("\"cancelled\""));
  }

  @AfterAll
  static void stop() throws Exception {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  @Test
  void everyGeneratedRequestIsAnsweredBelow500InWordsNamingWhatIsWrong() {
    AtomicReference<ApiFuzz.Request> current = new AtomicReference<>();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> statuses = new java.util.TreeMap<>();
    assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
      for (int i = 0; i < TRIES; i++) {
        ApiFuzz.Request request = ApiFuzz.generate(SEED + i, openJob, endedJob);
        current.set(request);
        String failure;
        try {
          RawExchange answer = RawExchange.send(coordinator.port(), request.method(), request.path(),
              request.headers(), request.body());
          statuses.merge(answer.status() + (answer.body().contains("\"problems\"") ? " with problems" : ""), 1,
              Integer::sum);
          failure = check(request, answer);
        } catch (Exception e) {
          failure = "no answer: " + e;
        }
        if (failure != null && failures.size() < 10) {
          failures.add(failure + "\n  " + request);
        }
      }
    }, () -> "hung on " + current.get());
    System.out.println("API fuzz answers by status: " + statuses);
    assertThat(failures).as("requests answered badly (of %d from seed %d)", TRIES, SEED).isEmpty();
    assertThat(statuses).as("not vacuous: jobs accepted, and refused naming their problems")
        .containsKeys("202", "400 with problems");
  }

  /** Null when the answer keeps the promises, else what is wrong with it. */
  static String check(ApiFuzz.Request request, RawExchange answer) {
    String said = answer.status() + " " + answer.body();
    if (answer.status() >= 500) {
      return "a server error: " + said;
    }
    String leak = Leaks.of(answer.body());
    if (leak != null) {
      return "the answer shows " + leak + ": " + said;
    }
    if (answer.status() < 400) {
      return null;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(answer.body());
    } catch (Exception e) {
      return "a refusal that is not JSON: " + said;
    }
    if (body == null || !body.path("error").isTextual() || body.get("error").asText().isBlank()) {
      return "a refusal without an error: " + said;
    }
    for (JsonNode problem : body.path("problems")) {
      boolean placed = problem.path("line").asInt() > 0 || !problem.path("field").asText().isEmpty()
          || problem.path("message").asText().equals("the file is empty");
      if (!problem.path("file").isTextual() || !placed) {
        return "a problem without its file, line or field: " + problem;
      }
    }
    if (answer.status() == 400 && !request.params().isEmpty()
        && request.params().stream().noneMatch(param -> body.get("error").asText().contains(param))) {
      return "a bad query refused without naming its parameter: " + said;
    }
    return null;
  }

  private static String submitOpen(String id) throws Exception {
    RawExchange answer = send("POST", "/api/jobs", Map.of("Content-Type", "application/yaml"),
        ("id: " + id + "\nopen: true\n").getBytes(StandardCharsets.UTF_8));
    assertThat(answer.status()).as(answer.body()).isIn(200, 202);
    return Json.MAPPER.readTree(answer.body()).get("id").asText();
  }

  private static RawExchange send(String method, String path, Map<String, String> headers, byte[] body)
      throws Exception {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Authorization", "Bearer " + InProcessCoordinator.TOKEN);
    return RawExchange.send(coordinator.port(), method, path, all, body);
  }
}
