package io.tasklane.client.job;

import static java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  static final String STATUS = "{\"id\":\"j-7\",\"name\":\"quickstart\",\"state\":\"running\","
      + "\"submittedAt\":1767225600000,\"endedAt\":null,\"total\":5,\"lanes\":{"
      + "\"io\":{\"total\":3,\"queued\":1,\"running\":1,\"succeeded\":1,\"failed\":0,\"timed_out\":0,\"cancelled\":0},"
      + "\"cpu\":{\"total\":2,\"queued\":0,\"running\":0,\"succeeded\":1,\"failed\":1,\"timed_out\":0,\"cancelled\":0}}}";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator().on("GET", "/api/jobs/j-7", Answer.json(200, STATUS))
        .on("GET", "/api/jobs/j-8", Answer.json(404, "{\"error\":\"no job 'j-8'\"}"));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  Cli.Run status(String... args) {
    String[] all = new String[3 + args.length];
    all[0] = "status";
    all[1] = "--server=" + coordinator.uri();
    all[2] = "--token=" + FakeCoordinator.TOKEN;
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(all);
  }

  @Test
  void printsTheObjectAsReturnedWithOutputJson() throws Exception {
    Cli.Run run = status("j-7", "-o", "json");

    assertThat(run.code()).isZero();
    JsonNode printed = Json.MAPPER.readTree(run.out());
    assertThat(printed).isEqualTo(Json.MAPPER.readTree(STATUS));
    assertThat(printed.path("lanes").path("cpu").path("failed").asInt()).isEqualTo(1);
  }

  @Test
  void printsStateAndOneRowPerLane() {
    Cli.Run run = status("j-7");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("job j-7 (quickstart): running, 5 tasks");
    assertThat(run.out().lines().filter(line -> line.startsWith("io ")).findFirst().orElseThrow()
        .split("\\s+")).containsExactly("io", "3", "1", "1", "1", "0", "0", "0");
    assertThat(run.out().lines().filter(line -> line.startsWith("cpu ")).findFirst().orElseThrow()
        .split("\\s+")).containsExactly("cpu", "2", "0", "0", "1", "1", "0", "0");
  }

  @Test
  void saysWhatWaitsForAWorkerThatOffersItsType() {
    coordinator.on("GET", "/api/jobs/j-7", Answer.json(200, STATUS.substring(0, STATUS.length() - 1)
        + ",\"waiting\":[\"12 tasks of type words.count wait for a worker that offers it\"]}"));

    Cli.Run run = status("j-7");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("waiting: 12 tasks of type words.count wait for a worker that offers it");
  }

  @Test
  void saysNothingWaitsWhenNothingDoes() {
    assertThat(status("j-7").out()).doesNotContain("waiting");
  }

  @Test
  void showsSubmittedAndEndedAsLocalTimesAndTheDuration() {
    coordinator.on("GET", "/api/jobs/j-7", Answer.json(200, STATUS.replace("\"state\":\"running\"", "\"state\":\"failed\"")
        .replace("\"endedAt\":null", "\"endedAt\":1767225672500")));

    Cli.Run run = status("j-7");

    ZoneId zone = ZoneId.systemDefault();
    String submitted = ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(1767225600000L), zone));
    String ended = ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(1767225672000L), zone));
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("submitted " + submitted + ", ended " + ended + ", took 1m12s");
  }

  @Test
  void exitsTwoForAnUnknownJob() {
    Cli.Run run = status("j-8");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().trim()).isEqualTo("no job 'j-8'");
  }
}
