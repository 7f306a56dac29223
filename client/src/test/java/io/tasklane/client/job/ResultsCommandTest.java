package io.tasklane.client.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.command.ServerOptions;
import io.tasklane.client.lib.ResultQuery;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultsCommandTest {

  static final int MANY = 100_000;

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator()
        .on("GET", "/api/jobs/j-9", Answer.json(200, "{\"id\":\"j-9\",\"state\":\"succeeded\",\"total\":100000}"));
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  static String result(int i, String status) {
    return "{\"id\":\"many-" + i + "\",\"type\":\"noop\",\"lane\":\"io\",\"status\":\"" + status
        + "\",\"output\":{\"value\":\"" + i + "\"},\"error\":null,\"attempts\":1,\"worker\":\"w\"}";
  }

  @Test
  void handsOverEachLineWhileTheBodyIsStillArriving() throws Exception {
    CountDownLatch halfConsumed = new CountDownLatch(1);
    AtomicBoolean seenBeforeTheRestWasSent = new AtomicBoolean();
    coordinator.streaming("/api/jobs/j-9/results", MANY, i -> result(i, "succeeded"), () -> {
      try {
        seenBeforeTheRestWasSent.set(halfConsumed.await(20, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    AtomicLong lines = new AtomicLong();
    TasklaneClient tasklane = TasklaneClient.builder().server(coordinator.uri().toString())
        .token(FakeCoordinator.TOKEN).retry(ServerOptions.ONE_ATTEMPT).build();

    try (java.util.stream.Stream<String> results = tasklane.attach("j-9").resultLines(ResultQuery.endedSoFar())) {
      results.forEach(line -> {
        if (lines.incrementAndGet() == MANY / 2 + 1) {
          halfConsumed.countDown();
        }
      });
    }

    assertThat(lines.get()).isEqualTo(MANY);
    assertThat(seenBeforeTheRestWasSent).isTrue();
  }

  @Test
  void streamsOneHundredThousandResultsAsJsonLines() {
    coordinator.streaming("/api/jobs/j-9/results", MANY, i -> result(i, "succeeded"), () -> { });

    Cli.Run run = Cli.run("results", "j-9", "-o", "json", "--server", coordinator.uri().toString(),
        "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().count()).isEqualTo(MANY);
    assertThat(run.out().lines().skip(MANY - 1).findFirst().orElseThrow()).isEqualTo(result(MANY - 1, "succeeded"));
  }

  @Test
  void exitsOneWhenAnyResultDidNotSucceed() {
    coordinator.streaming("/api/jobs/j-9/results", 1000, i -> result(i, i == 500 ? "timed_out" : "succeeded"), () -> { });

    Cli.Run run = Cli.run("results", "j-9", "--server", coordinator.uri().toString(),
        "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("io: 1000 tasks: 999 succeeded, 1 timed_out");
    assertThat(run.out().lines().filter(line -> line.startsWith("many-")).count()).isEqualTo(1000);
  }

  @Test
  void asksForOnlyTheFailedTasksAndALimit() {
    coordinator.streaming("/api/jobs/j-9/results", 2, i -> result(i, "failed"), () -> { });

    Cli.Run run = Cli.run("results", "j-9", "--failed", "--limit", "2", "-o", "json",
        "--server", coordinator.uri().toString(), "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines()).hasSize(2);
    assertThat(coordinator.received("GET", "/api/jobs/j-9/results").get(0).query()).isEqualTo("failed=true&limit=2");
  }

  @Test
  void exitsOneWhileTheJobIsStillRunning() {
    coordinator.on("GET", "/api/jobs/j-9", Answer.json(200, "{\"id\":\"j-9\",\"state\":\"running\",\"total\":10}"))
        .streaming("/api/jobs/j-9/results", 3, i -> result(i, "succeeded"), () -> { });

    Cli.Run run = Cli.run("results", "j-9", "-o", "json", "--server", coordinator.uri().toString(),
        "--token", FakeCoordinator.TOKEN);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out().lines().count()).isEqualTo(3);
    assertThat(run.err()).contains("still running");
  }
}
