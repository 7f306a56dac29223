package io.tasklane.client.lib;

import static io.tasklane.client.lib.FakeCoordinator.result;
import static io.tasklane.client.lib.FakeCoordinator.send;
import static io.tasklane.client.lib.FakeCoordinator.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultQueryAndEventsTest {

  private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

  private final FakeCoordinator fake;

  ResultQueryAndEventsTest() throws Exception {
    fake = new FakeCoordinator();
    fake.on("GET /api/jobs/j-1", (exchange, call) -> send(exchange, 200, status("j-1", "succeeded", 6)));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static List<String> lines(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> result("t-" + i, "{\"v\":" + i + "}")).toList();
  }

  private List<String> read(ResultQuery query) {
    try (Stream<String> lines = fake.client(QUICK).attach("j-1").resultLines(query)) {
      return lines.collect(Collectors.toList());
    }
  }

  @Test
  void theResultsSoFarAreAskedForOnceWithTheFiltersAndHandedOverAsSentWithoutBlankLines() {
    fake.on("GET /api/jobs/j-1/results", (exchange, call) ->
        FakeCoordinator.stream(exchange, "application/x-ndjson", List.of(lines(0, 1).get(0), "", lines(1, 2).get(0)))
            .close());

    List<String> got = read(ResultQuery.endedSoFar().onlyFailed().atMost(2));

    assertThat(got).containsExactlyElementsOf(lines(0, 2));
    assertThat(fake.requests("GET", "/api/jobs/j-1/results")).extracting(FakeCoordinator.Request::uri)
        .containsExactly("/api/jobs/j-1/results?failed=true&limit=2");
    assertThat(fake.requests("GET", "/api/jobs/j-1")).as("the end of the stream is the end: no status asked")
        .extracting(FakeCoordinator.Request::uri).doesNotContain("/api/jobs/j-1");
  }

  @Test
  void aFollowWithALimitResumesForWhatIsLeftAndStopsThere() {
    fake.on("GET /api/jobs/j-1/results", (exchange, call) -> {
      if (call == 1) {
        FakeCoordinator.stream(exchange, "application/x-ndjson", lines(0, 2));
        throw new IllegalStateException("connection broken mid-stream");
      }
      FakeCoordinator.stream(exchange, "application/x-ndjson", lines(2, 3)).close();
    });

    List<String> got = read(ResultQuery.asTasksEnd().atMost(3));

    assertThat(got).containsExactlyElementsOf(lines(0, 3));
    assertThat(fake.requests("GET", "/api/jobs/j-1/results")).extracting(FakeCoordinator.Request::uri)
        .containsExactly("/api/jobs/j-1/results?limit=3&follow=true",
            "/api/jobs/j-1/results?limit=1&follow=true&after=2");
  }

  @Test
  void aFollowOfTheFailedOnlyCannotResumeOnceItReadALineAndSaysSo() {
    fake.on("GET /api/jobs/j-1/results", (exchange, call) -> {
      FakeCoordinator.stream(exchange, "application/x-ndjson", lines(0, 1));
      throw new IllegalStateException("connection broken mid-stream");
    });
    List<String> got = new ArrayList<>();

    assertThatThrownBy(() -> {
      try (Stream<String> lines = fake.client(QUICK).attach("j-1").resultLines(ResultQuery.asTasksEnd().onlyFailed())) {
        lines.forEach(got::add);
      }
    }).isInstanceOf(UnreachableException.class).hasMessageContaining("lost the results of job j-1")
        .hasMessageContaining("after 1 lines");
    assertThat(got).hasSize(1);
    assertThat(fake.requests("GET", "/api/jobs/j-1/results")).as("after=N would count every ended task")
        .hasSize(1);
  }

  @Test
  void typedResultsCanBeAskedForByQueryToo() {
    fake.on("GET /api/jobs/j-1/results", (exchange, call) ->
        FakeCoordinator.stream(exchange, "application/x-ndjson", lines(4, 6)).close());

    try (Stream<TaskResult<FollowTest.Value>> results =
        fake.client(QUICK).attach("j-1").results(ResultQuery.endedSoFar(), FollowTest.Value.class)) {
      assertThat(results.map(r -> r.output().v())).containsExactly(4, 5);
    }
  }

  @Test
  void eventsArriveInOrderWithTheirNamesAndTheStreamEndsWithTheConnection() {
    fake.on("GET /api/jobs/j-1/events", (exchange, call) -> FakeCoordinator.stream(exchange, "text/event-stream",
        List.of(": connected", "", "event: status", "data: " + status("j-1", "running", 6), "",
            "event: heartbeat", "data:", "", "event: end", "data: " + status("j-1", "succeeded", 6), "")).close());

    List<JobEvent> events;
    try (Stream<JobEvent> stream = fake.client(QUICK).attach("j-1").events()) {
      events = stream.collect(Collectors.toList());
    }

    assertThat(events).extracting(JobEvent::name).containsExactly("status", "heartbeat", "end");
    assertThat(events.get(0).status().state()).isEqualTo(JobState.RUNNING);
    assertThat(events.get(1).json().isMissingNode()).isTrue();
    assertThat(events.get(2).isEnd()).isTrue();
    assertThat(events.get(2).status().succeeded()).isEqualTo(6);
  }

  @Test
  void theEventsOfAJobThatIsNotThereAreNotFound() {
    assertThatThrownBy(() -> fake.client(QUICK).attach("j-none").events())
        .isInstanceOf(NotFoundException.class);
    assertThat(fake.requests("GET", "/api/jobs/j-none/events")).hasSize(1);
  }

  @Test
  void eventLinesAreDecodedAsTheSseSpecificationSays() {
    String text = ": hello\n\nevent: status\ndata: {\"a\":\ndata: 1}\nid: 7\n\ndata:plain\n\nevent: end\ndata: {}";
    List<JobEvent> events = new ArrayList<>();
    try (EventReader reader = new EventReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test events")) {
      reader.forEachRemaining(events::add);
    }

    assertThat(events).containsExactly(new JobEvent("status", "{\"a\":\n1}"),
        new JobEvent("message", "plain"), new JobEvent("end", "{}"));
  }
}
