package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control-plane races users send by accident, against a real cluster (1 coordinator, 2 workers):
 * each race fired many times with the requests released together ({@link Together}), and every
 * round must end in one defined state on which the answers, the status, the results, the journal
 * read directly and the execution ledger agree ({@link RaceChecks}). The cancel during a
 * coordinator failover is {@link CancelDuringFailoverIT} (two coordinators on PostgreSQL).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneRacesIT {

  // Rounds of each race: each round is a fresh race, checked whole
  private static final int SUBMIT_ROUNDS = 20;
  private static final int CANCEL_ROUNDS = 15;
  private static final int CLOSE_ROUNDS = 20;
  /** Rounds run at once, each on its own job: a round mostly waits for its tasks and its job's end. */
  private static final int AT_ONCE = 4;

  @TempDir static Path work;
  private static LedgerCluster cluster;
  private static Api api;
  private final Steps steps = new Steps("ControlPlaneRacesIT");

  @BeforeAll
  static void up() throws Exception {
    cluster = LedgerCluster.up(work, 2);
    api = cluster.api();
  }

  @AfterAll
  static void down() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void parallelSubmitsUnderOneIdempotencyKeyMakeOneJob() throws Exception {
    Ledger ledger = new Ledger(work.resolve("submits.jsonl"));
    String spec = DeliveryCheck.spec(ledger, "submit-race", 2, 1, 20);
    String[] jobs = new String[SUBMIT_ROUNDS];
    Together.rounds(SUBMIT_ROUNDS, AT_ONCE, round -> {
      String key = "submit-race-" + round;
      var answers = Together.fire(8, () -> api.send(api.request("/api/jobs").header("Content-Type", "application/json")
          .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(spec)).build()));
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (var answer : answers) {
        HttpResponse<String> response = answer.value();
        assertThat(response).as("round %d: %s", round, answer.failure()).isNotNull();
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        JsonNode body = Api.JSON.readTree(response.body());
        ids.add(body.get("id").asText());
        assertThat(body.get("created").asBoolean()).isEqualTo(response.statusCode() == 202);
        created += body.get("created").asBoolean() ? 1 : 0;
      }
      assertThat(ids).as("round %d: every answer names the same job", round).hasSize(1);
      assertThat(created).as("round %d: answers with created: true", round).isEqualTo(1);
      jobs[round] = ids.iterator().next();
    });
    assertThat(new HashSet<>(List.of(jobs))).as("a job per key").hasSize(SUBMIT_ROUNDS);
    for (String job : jobs) {
      assertThat(cluster.journal().events(job, "JobSubmitted")).as("%s submitted", job).hasSize(1);
      JsonNode status = RaceChecks.assertOneEnd(api, cluster.journal(), ledger, job, DeliveryCheck.ids(2, 1));
      assertThat(status.get("state").asText()).isEqualTo("succeeded");
      assertThat(ledger.executions(job).values()).as("%s: each task ran", job).hasSize(3);
    }
    JsonNode listed = Api.JSON.readTree(api.get("/api/jobs?limit=1000").body());
    List<String> names = new ArrayList<>();
    listed.get("jobs").forEach(job -> names.add(job.get("id").asText()));
    for (String job : jobs) {
      assertThat(names.stream().filter(job::equals)).as("%s listed", job).hasSize(1);
    }
    steps.log("%d rounds of 8 submits under one key: %d jobs, each submitted, listed and run once", SUBMIT_ROUNDS,
        SUBMIT_ROUNDS);
  }

  @Test
  @Order(2)
  void cancelAgainstCancelCancelsOnceAndTellsOneOfThem() throws Exception {
    Ledger ledger = new Ledger(work.resolve("cancels.jsonl"));
    Together.rounds(CANCEL_ROUNDS, AT_ONCE, round -> {
      String job = api.submit(DeliveryCheck.spec(ledger, "cancel-race", 4, 1, 3000));
      RaceChecks.awaitStarted(ledger, job, 1);
      var answers = Together.fire(4, () -> api.send(api.request("/api/jobs/" + job).DELETE().build()));
      int accepted = 0;
      for (var answer : answers) {
        HttpResponse<String> response = answer.value();
        assertThat(response).as("%s: %s", job, answer.failure()).isNotNull();
        JsonNode body = Api.JSON.readTree(response.body());
        assertThat(body.get("state").asText()).as(response.body()).isEqualTo("cancelled");
        if (response.statusCode() == 202) {
          accepted++;
          assertThat(body.has("message")).as(response.body()).isFalse();
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          assertThat(body.get("message").asText()).isEqualTo("job already ended: cancelled");
        }
      }
      assertThat(accepted).as("%s: cancels answered 202", job).isEqualTo(1);
      RaceChecks.assertOneEnd(api, cluster.journal(), ledger, job, DeliveryCheck.ids(4, 1));
    });
    steps.log("%d rounds of 4 cancels at once: each job cancelled once, one 202 each", CANCEL_ROUNDS);
  }

  @Test
  @Order(3)
  void cancelAgainstTheLastResultEndsOneWayOrTheOther() throws Exception {
    Ledger ledger = new Ledger(work.resolve("last-result.jsonl"));
    long ms = 400;
    int rounds = 24;
    AtomicInteger cancelledJobs = new AtomicInteger();
    AtomicInteger succeededJobs = new AtomicInteger();
    Together.rounds(rounds, AT_ONCE, round -> {
      String job = api.submit(DeliveryCheck.spec(ledger, "last-result-race", 2, 1, ms));
      long lastStart = RaceChecks.awaitStarted(ledger, job, 3).stream().mapToLong(Ledger.Execution::start).max()
          .orElseThrow();
      // aimed at the moment the tasks end, from 100 ms before to 300 ms after (a result takes a
      // moment to be journaled), so some cancels come before the last result and some after
      long aim = lastStart + ms - 100 + round * 400L / rounds;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(0, aim - System.currentTimeMillis())));
      HttpResponse<String> response = api.send(api.request("/api/jobs/" + job).DELETE().build());
      JsonNode answered = Api.JSON.readTree(response.body());
      JsonNode status = RaceChecks.assertOneEnd(api, cluster.journal(), ledger, job, DeliveryCheck.ids(2, 1));
      String state = status.get("state").asText();
      assertThat(answered.get("state").asText()).as("%s answered %s", job, response.body()).isEqualTo(state);
      if (response.statusCode() == 202) {
        assertThat(state).as("%s: a 202 for a cancel: %s", job, response.body()).isEqualTo("cancelled");
        cancelledJobs.incrementAndGet();
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(state).isEqualTo("succeeded");
        assertThat(answered.get("message").asText()).isEqualTo("job already ended: succeeded");
        succeededJobs.incrementAndGet();
      }
    });
    steps.log("%d rounds of a cancel aimed at the last result: %d cancelled, %d succeeded", rounds, cancelledJobs.get(),
        succeededJobs.get());
    assertThat(cancelledJobs.get()).as("rounds the cancel won").isPositive();
    assertThat(succeededJobs.get()).as("rounds the last result won").isPositive();
  }

  @Test
  @Order(4)
  void closeAgainstAppendTakesTheAppendOrRefusesItNeverLosesIt() throws Exception {
    Ledger ledger = new Ledger(work.resolve("close-append.jsonl"));
    String tasks = "{\"defaults\": {\"retries\": 0}, \"tasks\": [{\"type\": \"test.ledger\", \"repeat\": 2, \"input\": "
        + ledger.input(50) + "}]}";
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Together.rounds(CLOSE_ROUNDS, AT_ONCE, round -> {
      String job = api.submit("{\"name\": \"close-race\", \"open\": true}");
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int a = 0; a < 3; a++) {
        String key = "append-" + a;
        calls.add(() -> api.appendTasks(job, false, tasks, key));
      }
      calls.add(() -> api.close(job));
      var answers = Together.fire(calls);
      assertThat(answers.get(3).value().statusCode()).as("close: %s", answers.get(3)).isEqualTo(200);
      Set<Integer> firsts = new HashSet<>();
      for (var answer : answers.subList(0, 3)) {
        HttpResponse<String> response = answer.value();
        assertThat(response).as("%s: %s", job, answer.failure()).isNotNull();
        JsonNode body = Api.JSON.readTree(response.body());
        if (response.statusCode() == 202) {
          assertThat(body.get("tasks").asInt()).isEqualTo(2);
          assertThat(firsts.add(body.get("first").asInt())).as("%s: appends at distinct places", job).isTrue();
          taken.incrementAndGet();
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
          assertThat(body.get("error").asText()).contains("takes no more tasks");
          refused.incrementAndGet();
        }
      }
      List<Journal.Event> appended = cluster.journal().events(job, "TasksAppended");
      assertThat(appended).as("%s: appends journaled vs answered 202", job).hasSize(firsts.size());
      List<Journal.Event> closed = cluster.journal().events(job, "JobClosed");
      assertThat(closed).as("%s closed once", job).hasSize(1);
      assertThat(appended).as("%s: appends journaled after its close", job)
          .allMatch(event -> event.sequenceNr() < closed.get(0).sequenceNr());
      JsonNode status = RaceChecks.assertOneEnd(api, cluster.journal(), ledger, job, RaceChecks.positions(2 * firsts.size()));
      assertThat(status.get("state").asText()).isEqualTo("succeeded");
      assertThat(ledger.executions(job)).as("%s: every accepted task ran", job).hasSize(2 * firsts.size());
    });
    steps.log("%d rounds of 3 appends against a close: %d appends taken, %d refused", CLOSE_ROUNDS, taken.get(),
        refused.get());
  }

  @Test
  @Order(5)
  void theSameAppendKeyAfterACoordinatorKillIsTakenOnce() throws Exception {
    Ledger ledger = new Ledger(work.resolve("append-restart.jsonl"));
    String tasks = "{\"defaults\": {\"retries\": 0}, \"tasks\": [{\"type\": \"test.ledger\", \"repeat\": 2, \"input\": "
        + ledger.input(100) + "}]}";
    int jobs = 8;
    List<String> ids = new ArrayList<>();
    Map<String, Integer> answeredBefore = new java.util.HashMap<>();
    for (int j = 0; j < jobs; j++) {
      String job = api.submit("{\"name\": \"append-restart\", \"open\": true}");
      ids.add(job);
      if (j % 2 == 0) {
        // half of them took the append and answered it before the kill
        HttpResponse<String> first = api.appendTasks(job, false, tasks, "batch-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        answeredBefore.put(job, Api.JSON.readTree(first.body()).get("first").asInt());
      }
    }
    // every job's append sent again at the moment the coordinator is killed: some land, some not
    List<Callable<Object>> calls = new ArrayList<>();
    ids.forEach(job -> calls.add(() -> api.appendTasks(job, false, tasks, "batch-1")));
    calls.add(() -> {
      cluster.killAndRestartCoordinator();
      return null;
    });
    Together.fire(calls);
    steps.log("coordinator killed during %d appends and restarted", jobs);

    for (String job : ids) {
      // the client's retry after the lost answer, twice at once
      List<JsonNode> answers = new ArrayList<>();
      await(job + " takes the append again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().untilAsserted(() -> {
            answers.clear();
            for (var answer : Together.fire(2, () -> api.appendTasks(job, false, tasks, "batch-1"))) {
              assertThat(answer.value().statusCode()).as(answer.value().body()).isEqualTo(202);
              answers.add(Api.JSON.readTree(answer.value().body()));
            }
          });
      assertThat(answers).as("%s: %s", job, answers).allMatch(body -> body.get("first").asInt() == 0
          && body.get("tasks").asInt() == 2);
      assertThat(answers.stream().filter(body -> body.path("repeated").asBoolean())).as("%s: %s", job, answers)
          .hasSizeGreaterThanOrEqualTo(1);
      if (answeredBefore.containsKey(job)) {
        assertThat(answers).allMatch(body -> body.path("repeated").asBoolean());
      }
      assertThat(api.close(job).statusCode()).isEqualTo(200);
    }
    for (String job : ids) {
      assertThat(cluster.journal().events(job, "TasksAppended")).as("%s: the append journaled", job).hasSize(1);
      JsonNode status = api.awaitEnded(job, Duration.ofSeconds(90));
      assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("succeeded");
      assertThat(status.get("total").asInt()).as("%s: its tasks", job).isEqualTo(2);
      Map<String, JsonNode> results = api.resultsById(job, 2);
      List<Journal.Outcome> outcomes = cluster.journal().outcomes(job);
      assertThat(outcomes).as("%s: one outcome per task", job).extracting(Journal.Outcome::index)
          .containsExactlyInAnyOrder(0, 1);
      // a coordinator crash may run again what was in flight; every task ran and finished
      assertThat(ledger.executions(job).keySet()).containsExactlyInAnyOrder("0", "1");
      results.values().forEach(result -> assertThat(result.get("status").asText()).isEqualTo("succeeded"));
    }
    steps.log("%d jobs: the append under one key taken once across the restart", jobs);
  }
}
