package io.tasklane.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobsCommandTest {

  static final String JOBS = "{\"jobs\":["
      + "{\"id\":\"j-2\",\"name\":\"crawl\",\"state\":\"running\",\"submittedAt\":1767225600000,\"endedAt\":null,\"total\":500},"
      + "{\"id\":\"j-1\",\"name\":\"quickstart\",\"state\":\"failed\",\"submittedAt\":1767225500000,"
      + "\"endedAt\":1767225512300,\"total\":5}]}";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator().on("GET", "/api/jobs", Answer.json(200, JOBS));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  Cli.Run jobs(String... args) {
    String[] all = new String[3 + args.length];
    all[0] = "jobs";
    all[1] = "--server=" + coordinator.uri();
    all[2] = "--token=" + FakeCoordinator.TOKEN;
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(all);
  }

  @Test
  void passesStateAndLimitAsQueryParameters() {
    Cli.Run run = jobs("--state", "running", "--limit", "5");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(coordinator.received("GET", "/api/jobs").get(0).query()).isEqualTo("state=running&limit=5");
  }

  @Test
  void sendsNoQueryWithoutOptions() {
    jobs();

    assertThat(coordinator.received("GET", "/api/jobs").get(0).query()).isNull();
  }

  @Test
  void printsOneRowPerJobNewestFirst() {
    Cli.Run run = jobs();

    assertThat(run.code()).isZero();
    var lines = run.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("ID", "NAME", "STATE", "TASKS", "SUBMITTED", "DURATION");
    assertThat(lines.get(1)).startsWith("j-2").contains("crawl", "running", "500");
    assertThat(lines.get(2)).startsWith("j-1").contains("quickstart", "failed").endsWith("12.3s");
  }

  @Test
  void printsTheObjectAsReceivedWithOutputJson() throws Exception {
    Cli.Run run = jobs("-o", "json");

    assertThat(run.code()).isZero();
    assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(JOBS));
  }

  @Test
  void refusesAnUnknownStateWithoutAsking() {
    Cli.Run run = jobs("--state", "sleepy");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--state must be one of running, succeeded, failed, cancelled");
    assertThat(coordinator.received()).isEmpty();
  }
}
