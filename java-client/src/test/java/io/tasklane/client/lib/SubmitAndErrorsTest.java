package io.tasklane.client.lib;

import static io.tasklane.client.lib.FakeCoordinator.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmitAndErrorsTest {

  private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
  private static final Job JOB = Job.builder().name("j").task(Task.of("noop")).build();

  private final FakeCoordinator fake;

  SubmitAndErrorsTest() throws Exception {
    fake = new FakeCoordinator();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aSubmitSendsTheEnvelopeWithTheTokenAndAnIdempotencyKeyEvenWhenTheCallerGaveNone() throws Exception {
    fake.on("POST /api/jobs", (exchange, call) -> send(exchange, 202, "{\"id\":\"j-1\",\"created\":true,\"tasks\":1}"));
    JobHandle job = fake.client(QUICK).submit(JOB);

    assertThat(job.id()).isEqualTo("j-1");
    assertThat(job.created()).isTrue();
    assertThat(job.submittedTasks()).isEqualTo(1);
    FakeCoordinator.Request sent = fake.requests.get(0);
    assertThat(sent.authorization()).isEqualTo("Bearer secret");
    assertThat(sent.idempotencyKey()).isNotBlank();
    JsonNode envelope = Json.MAPPER.readTree(sent.body());
    assertThat(envelope.get("file").asText()).isEqualTo("job.json");
    assertThat(Json.MAPPER.readTree(envelope.get("text").asText()))
        .isEqualTo(Json.MAPPER.readTree("{\"name\":\"j\",\"tasks\":[{\"type\":\"noop\"}]}"));
  }

  @Test
  void aSubmitWhoseAnswerWasLostIsSentAgainUnderTheSameKeyAndFindsTheJobItMade() {
    fake.on("POST /api/jobs", (exchange, call) -> {
      if (call == 1) {
        FakeCoordinator.drop(exchange); // the job was made, the answer lost
      } else if (call == 2) {
        send(exchange, 503, "{\"error\":\"the coordinator did not answer in time; retry\"}");
      } else {
        send(exchange, 200, "{\"id\":\"k-abc\",\"created\":false,\"tasks\":1}");
      }
    });
    JobHandle job = fake.client(QUICK).submit(JOB, "nightly-1");

    assertThat(job.id()).isEqualTo("k-abc");
    assertThat(job.created()).as("a retry found the job the lost answer was about").isFalse();
    assertThat(fake.requests("POST", "/api/jobs")).hasSize(3)
        .allSatisfy(request -> assertThat(request.idempotencyKey()).isEqualTo("nightly-1"));
  }

  @Test
  void transientFailuresAreTriedABoundedNumberOfTimesThenReportedAsUnreachable() {
    fake.on("POST /api/jobs", (exchange, call) -> send(exchange, 503, "{\"error\":\"no worker has joined yet\"}"));

    assertThatThrownBy(() -> fake.client(QUICK).submit(JOB))
        .isInstanceOf(UnreachableException.class)
        .hasMessageContaining("answered 503: no worker has joined yet (after 4 attempts)");
    assertThat(fake.requests("POST", "/api/jobs")).hasSize(4);
  }

  @Test
  void aServerThatIsNotThereIsUnreachableAfterTheRetries() {
    TasklaneClient client = TasklaneClient.builder().server("http://127.0.0.1:1").token("t").retry(QUICK).build();
    assertThatThrownBy(() -> client.submit(JOB))
        .isInstanceOf(UnreachableException.class)
        .hasMessageStartingWith("cannot reach the coordinator at http://127.0.0.1:1")
        .hasMessageEndingWith("(after 4 attempts)");
  }

  @Test
  void anInvalidJobNamesEveryProblemWithItsFieldAndIsNotRetried() {
    fake.on("POST /api/jobs", (exchange, call) -> send(exchange, 400, "{\"error\":\"invalid job spec\",\"problems\":["
        + "{\"file\":\"job.json\",\"line\":1,\"field\":\"tasks[0].type\",\"message\":\"unknown task type 'teleport'\"},"
        + "{\"file\":\"job.json\",\"line\":1,\"field\":\"tasks[1].input.ms\",\"message\":\"must be a number\"}]}"));

    assertThatThrownBy(() -> fake.client(QUICK).submit(JOB))
        .isInstanceOfSatisfying(InvalidJobException.class, invalid -> {
          assertThat(invalid.statusCode()).isEqualTo(400);
          assertThat(invalid.problems()).extracting(InvalidJobException.Problem::field)
              .containsExactly("tasks[0].type", "tasks[1].input.ms");
          assertThat(invalid.getMessage()).contains("job.json:1: tasks[0].type: unknown task type 'teleport'");
        });
    assertThat(fake.requests("POST", "/api/jobs")).hasSize(1);
  }

  @Test
  void aRefusedTokenAnUnknownJobAndAConflictEachHaveTheirType() {
    fake.on("GET /api/jobs/j-none", (exchange, call) -> send(exchange, 404, "{\"error\":\"no job 'j-none'\"}"))
        .on("GET /api/jobs/j-locked", (exchange, call) -> send(exchange, 401, "{\"error\":\"invalid bearer token\"}"))
        .on("POST /api/jobs", (exchange, call) -> send(exchange, 409,
            "{\"error\":\"job 'k-1' exists with a different spec\"}"))
        .on("GET /api/jobs/j-bug", (exchange, call) -> send(exchange, 500, "{\"error\":\"internal error: x\"}"));
    TasklaneClient client = fake.client(QUICK);

    assertThatThrownBy(() -> client.job("j-none")).isInstanceOf(NotFoundException.class).hasMessage("no job 'j-none'");
    assertThatThrownBy(() -> client.job("j-locked")).isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("refused the credentials (401): invalid bearer token");
    assertThatThrownBy(() -> client.submit(JOB, "k")).isInstanceOf(ConflictException.class)
        .hasMessage("job 'k-1' exists with a different spec");
    assertThatThrownBy(() -> client.job("j-bug")).isExactlyInstanceOf(TasklaneException.class)
        .hasMessageContaining("answered 500: internal error: x");
    assertThat(fake.requests("GET", "/api/jobs/j-bug")).as("a bug is not retried").hasSize(1);
  }

  @Test
  void anAppendCarriesOnlyTasksAndItsKeyAndSaysWhereTheyAre() throws Exception {
    fake.on("GET /api/jobs/j-open", (exchange, call) -> send(exchange, 200, FakeCoordinator.status("j-open", "running", 0)))
        .on("POST /api/jobs/j-open/tasks", (exchange, call) -> send(exchange, call == 1 ? 202 : 200,
            "{\"id\":\"j-open\",\"first\":7,\"tasks\":2" + (call == 1 ? "" : ",\"repeated\":true") + "}"))
        .on("POST /api/jobs/j-open/close", (exchange, call) -> send(exchange, 200,
            FakeCoordinator.status("j-open", "succeeded", 9)));
    JobHandle job = fake.client(QUICK).job("j-open");
    java.util.List<Task> two = java.util.List.of(Task.of("noop", Map.of("v", 1)), Task.of("sleep", Map.of("ms", 5)));

    Appended first = job.append("line-17", two);
    Appended again = job.append("line-17", two);

    assertThat(first).isEqualTo(new Appended("j-open", 7, 2, false));
    assertThat(first.taskId(1)).isEqualTo("8");
    assertThat(again.repeated()).isTrue();
    assertThat(fake.requests("POST", "/api/jobs/j-open/tasks")).extracting(FakeCoordinator.Request::idempotencyKey)
        .containsExactly("line-17", "line-17");
    JsonNode text = Json.MAPPER.readTree(Json.MAPPER.readTree(fake.requests.get(1).body()).get("text").asText());
    assertThat(text).isEqualTo(Json.MAPPER.readTree(
        "{\"tasks\":[{\"type\":\"noop\",\"input\":{\"v\":1}},{\"type\":\"sleep\",\"input\":{\"ms\":5}}]}"));
    assertThat(job.closeJob().state()).isEqualTo(JobState.SUCCEEDED);
  }
}
