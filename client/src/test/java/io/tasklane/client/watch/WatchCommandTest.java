package io.tasklane.client.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

  static final String EVENTS = "/api/jobs/j-3/events";

  FakeCoordinator coordinator;

  @BeforeEach
  void start() {
    coordinator = new FakeCoordinator();
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  static String status(String state, int ioDone, int cpuDone, int cpuFailed) {
    return "{\"id\":\"j-3\",\"state\":\"" + state + "\",\"submittedAt\":1767225600000,\"endedAt\":"
        + (state.equals("running") ? "null" : "1767225610000") + ",\"total\":20,\"lanes\":{"
        + "\"io\":{\"total\":10,\"queued\":" + (10 - ioDone) + ",\"running\":0,\"succeeded\":" + ioDone
        + ",\"failed\":0,\"timed_out\":0,\"cancelled\":0},"
        + "\"cpu\":{\"total\":10,\"queued\":" + (10 - cpuDone - cpuFailed) + ",\"running\":0,\"succeeded\":" + cpuDone
        + ",\"failed\":" + cpuFailed + ",\"timed_out\":0,\"cancelled\":0}}}";
  }

  Cli.Run watch(String... args) {
    String[] all = new String[4 + args.length];
    all[0] = "watch";
    all[1] = "j-3";
    all[2] = "--server=" + coordinator.uri();
    all[3] = "--token=" + FakeCoordinator.TOKEN;
    System.arraycopy(args, 0, all, 4, args.length);
    return Cli.run(all);
  }

  @Test
  void printsEachEventAsJsonWithItsNameAndExitsOneWhenTheJobFailed() throws Exception {
    List<String> sent = List.of(status("running", 2, 1, 0), status("running", 6, 4, 1),
        status("running", 10, 8, 1), status("failed", 10, 9, 1));
    coordinator.on("GET", EVENTS, Answer.events("status", sent.get(0), "status", sent.get(1),
        "status", sent.get(2), "end", sent.get(3)));

    Cli.Run run = watch("-o", "json");

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (int i = 0; i < 4; i++) {
      JsonNode line = Json.MAPPER.readTree(lines.get(i));
      assertThat(line.path("event").asText()).isEqualTo(i < 3 ? "status" : "end");
      assertThat(line.fieldNames().next()).isEqualTo("event");
      ((com.fasterxml.jackson.databind.node.ObjectNode) line).remove("event");
      assertThat(line).isEqualTo(Json.MAPPER.readTree(sent.get(i)));
    }
    FakeCoordinator.Received request = coordinator.received("GET", EVENTS).get(0);
    assertThat(request.header("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  void exitsZeroWhenTheJobSucceeded() {
    coordinator.on("GET", EVENTS, Answer.events("status", status("running", 5, 5, 0),
        "heartbeat", "{}", "end", status("succeeded", 10, 10, 0)));

    Cli.Run run = watch("-o", "json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(2);
  }

  @Test
  void printsPlainLinesAndTheSummaryWithoutAConsole() {
    coordinator.on("GET", EVENTS, Answer.events("status", status("running", 2, 1, 0),
        "end", status("failed", 10, 9, 1)));

    Cli.Run run = watch();

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).doesNotContain("\u001b[");
    assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("running  io 2/10").contains("cpu 1/10");
    assertThat(run.out()).contains("failed  io 10/10  100%").contains("cpu 10/10  100%").contains("1 failed");
    assertThat(run.out()).contains("job j-3 failed after 10.0s: 20 tasks");
    assertThat(run.out().lines().filter(line -> line.startsWith("cpu ")).toList().getLast().split("\\s+"))
        .containsExactly("cpu", "10", "9", "1", "0", "0");
  }

  @Test
  void reconnectsWhenTheStreamClosesBeforeTheEnd() {
    coordinator.on("GET", EVENTS,
        Answer.events("status", status("running", 2, 1, 0)),
        Answer.events("status", status("running", 7, 3, 0), "end", status("succeeded", 10, 10, 0)));

    Cli.Run run = watch("-o", "json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(coordinator.received("GET", EVENTS)).hasSize(2);
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.err()).contains("reconnecting");
  }

  @Test
  void exitsThreeWhenTheStreamKeepsBreaking() {
    coordinator.on("GET", EVENTS, Answer.events("status", status("running", 2, 1, 0)));

    Cli.Run run = watch("-o", "json");

    assertThat(run.code()).isEqualTo(3);
    assertThat(coordinator.received("GET", EVENTS)).hasSize(JobWatcher.RECONNECTS + 1);
    assertThat(run.err()).contains("gave up watching job j-3");
  }

  @Test
  void exitsTwoForAnUnknownJobWithoutRetrying() {
    coordinator.on("GET", EVENTS, Answer.json(404, "{\"error\":\"no job 'j-3'\"}"));

    Cli.Run run = watch();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().trim()).isEqualTo("no job 'j-3'");
    assertThat(coordinator.received("GET", EVENTS)).hasSize(1);
  }
}
