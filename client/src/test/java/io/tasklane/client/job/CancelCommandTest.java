package io.tasklane.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CancelCommandTest {

  static final String CANCELLED = "{\"id\":\"j-5\",\"state\":\"cancelled\",\"total\":10,\"lanes\":{"
      + "\"io\":{\"total\":6,\"succeeded\":2,\"cancelled\":4},\"cpu\":{\"total\":4,\"succeeded\":1,\"cancelled\":3}}}";
  static final String ALREADY = "{\"id\":\"j-6\",\"state\":\"succeeded\",\"total\":1,\"lanes\":{"
      + "\"io\":{\"total\":1,\"succeeded\":1}},\"message\":\"job already ended: succeeded\"}";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator()
        .on("DELETE", "/api/jobs/j-5", Answer.json(202, CANCELLED))
        .on("DELETE", "/api/jobs/j-6", Answer.json(200, ALREADY))
        .on("DELETE", "/api/jobs/j-7", Answer.json(404, "{\"error\":\"no job 'j-7'\"}"));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  Cli.Run cancel(String... args) {
    String[] all = new String[3 + args.length];
    all[0] = "cancel";
    all[1] = "--server=" + coordinator.uri();
    all[2] = "--token=" + FakeCoordinator.TOKEN;
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(all);
  }

  @Test
  void cancelsARunningJobAndCountsTheCancelledTasks() {
    Cli.Run run = cancel("j-5");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo("job j-5 cancelled: 7 tasks cancelled");
    assertThat(coordinator.received("DELETE", "/api/jobs/j-5")).hasSize(1);
  }

  @Test
  void printsTheStatusAsReceivedWithOutputJson() throws Exception {
    Cli.Run run = cancel("j-5", "-o", "json");

    assertThat(run.code()).isZero();
    assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(CANCELLED));
  }

  @Test
  void saysSoAndExitsZeroWhenTheJobHadAlreadyEnded() {
    Cli.Run run = cancel("j-6");

    assertThat(run.code()).isZero();
    assertThat(run.out().trim()).isEqualTo("job already ended: succeeded");
  }

  @Test
  void exitsTwoForAnUnknownJob() {
    Cli.Run run = cancel("j-7");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().trim()).isEqualTo("no job 'j-7'");
  }
}
