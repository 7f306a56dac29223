package io.tasklane.client.lib;

import static io.tasklane.client.lib.FakeCoordinator.send;
import static io.tasklane.client.lib.FakeCoordinator.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls that answer with the coordinator's JSON as sent: what the tasklane command prints. */
class ViewsTest {

  private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
  private static final Job JOB = Job.fromText("nightly.yaml", "tasks:\n  - type: noop\n", java.util.Map.of());

  private final FakeCoordinator fake;
  private final TasklaneClient client;

  ViewsTest() throws Exception {
    fake = new FakeCoordinator();
    client = fake.client(QUICK);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void aSubmitWithoutKeySendsNoneAndIsNeverRepeated() {
    fake.on("POST /api/jobs", (exchange, call) -> send(exchange, 503, "{\"error\":\"no worker has joined yet\"}"));

    assertThatThrownBy(() -> client.submitWithoutKey(JOB)).isInstanceOf(UnreachableException.class)
        .hasMessageEndingWith("answered 503: no worker has joined yet");
    assertThat(fake.requests("POST", "/api/jobs")).hasSize(1)
        .allSatisfy(request -> assertThat(request.idempotencyKey()).isNull());

    fake.on("POST /api/jobs", (exchange, call) -> send(exchange, 202, "{\"id\":\"j-7\",\"created\":true,\"tasks\":1}"));
    JobHandle job = client.submitWithoutKey(JOB);
    assertThat(job.id()).isEqualTo("j-7");
    assertThat(job.created()).isTrue();
  }

  @Test
  void statusAndCancelCanBeHadAsSentWithFieldsTheRecordDoesNotRead() {
    String running = status("j-1", "running", 3).replace("{\"id\"", "{\"future\":42,\"id\"");
    fake.on("GET /api/jobs/j-1", (exchange, call) -> send(exchange, 200, running))
        .on("DELETE /api/jobs/j-1", (exchange, call) -> send(exchange, 200,
            status("j-1", "succeeded", 3).replace("{\"id\"", "{\"message\":\"job already ended: succeeded\",\"id\"")));
    JobHandle job = client.attach("j-1");

    assertThat(job.statusJson().path("future").asInt()).isEqualTo(42);
    assertThat(job.cancelJson().path("message").asText()).isEqualTo("job already ended: succeeded");
    assertThat(job.cancel().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(fake.requests("GET", "/api/jobs/j-1")).as("attach asks nothing by itself").hasSize(1);
  }

  @Test
  void jobsClusterAndTypesAreAskedForWithTheirQueries() {
    fake.on("GET /api/jobs", (exchange, call) -> send(exchange, 200, "{\"jobs\":[{\"id\":\"j-2\"}]}"))
        .on("GET /api/cluster", (exchange, call) -> send(exchange, 200, "{\"nodes\":[],\"lanes\":[],\"queued\":{}}"))
        .on("GET /api/types", (exchange, call) -> send(exchange, 200, "{\"types\":[{\"name\":\"noop\"}]}"));

    assertThat(client.jobs(JobState.RUNNING, 5).path("jobs").get(0).path("id").asText()).isEqualTo("j-2");
    assertThat(client.jobs(null, 0).path("jobs").size()).isEqualTo(1);
    assertThat(client.cluster().has("queued")).isTrue();
    assertThat(client.types().path("types").get(0).path("name").asText()).isEqualTo("noop");
    assertThat(fake.requests("GET", "/api/jobs")).extracting(FakeCoordinator.Request::uri)
        .containsExactly("/api/jobs?state=running&limit=5", "/api/jobs");
    assertThatThrownBy(() -> client.jobs(null, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPluginIsUploadedAsItsBytesUnderItsFileNameAndARefusalSaysWhy() {
    fake.on("POST /api/plugins", (exchange, call) -> {
      byte[] body = fake.requests.get(fake.requests.size() - 1).body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (body.length > 4) {
        send(exchange, 413, "{\"error\":\"the plugin jar is over the limit of 4 bytes\"}");
      } else if (call == 1) {
        send(exchange, 201, "{\"name\":\"words\",\"version\":\"1.2\"}");
      } else {
        send(exchange, 400, "{\"error\":\"words-1.2.jar: no task handler in it\"}");
      }
    });

    assertThat(client.plugins().add("words-1.2.jar", "PK34".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .path("version").asText()).isEqualTo("1.2");
    assertThatThrownBy(() -> client.plugins().add("words-1.2.jar", new byte[] {'P', 'K'}))
        .isInstanceOf(InvalidRequestException.class).hasMessage("words-1.2.jar: no task handler in it");
    assertThatThrownBy(() -> client.plugins().add("big.jar", new byte[10]))
        .isInstanceOfSatisfying(InvalidRequestException.class, tooBig -> assertThat(tooBig.statusCode()).isEqualTo(413))
        .hasMessage("the plugin jar is over the limit of 4 bytes");
    assertThat(fake.requests("POST", "/api/plugins")).as("a refusal is not retried").hasSize(3)
        .extracting(FakeCoordinator.Request::uri)
        .containsExactly("/api/plugins?file=words-1.2.jar", "/api/plugins?file=words-1.2.jar", "/api/plugins?file=big.jar");
  }

  @Test
  void aPluginIsRemovedByNameOrVersionAndOneThatIsNotThereIsNotFound() {
    fake.on("DELETE /api/plugins/words@1.1", (exchange, call) -> send(exchange, 200,
        "{\"removed\":[{\"name\":\"words\",\"version\":\"1.1\"}]}"))
        .on("GET /api/plugins", (exchange, call) -> send(exchange, 200, "{\"plugins\":[]}"));

    assertThat(client.plugins().remove("words@1.1").path("removed").size()).isEqualTo(1);
    assertThat(client.plugins().list().path("plugins").isArray()).isTrue();
    assertThatThrownBy(() -> client.plugins().remove("nope")).isInstanceOf(NotFoundException.class);
  }
}
