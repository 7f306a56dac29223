package io.tasklane.client.lib;

import static io.tasklane.client.lib.FakeCoordinator.result;
import static io.tasklane.client.lib.FakeCoordinator.send;
import static io.tasklane.client.lib.FakeCoordinator.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FollowTest {

  private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

  /** What a task's output maps to. */
  record Value(int v) {}

  private final FakeCoordinator fake;
  private final AtomicInteger ended = new AtomicInteger();

  FollowTest() throws Exception {
    fake = new FakeCoordinator();
    fake.on("GET /api/jobs/j-1", (exchange, call) -> send(exchange, 200,
        status("j-1", ended.get() > 0 ? "succeeded" : "running", 6)));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static List<String> lines(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> result("t-" + i, "{\"v\":" + i + "}")).toList();
  }

  @Test
  void aFollowResumesAfterTheLinesItReadWhenTheConnectionBreaksOrEndsEarly() {
    fake.on("GET /api/jobs/j-1/results", (exchange, call) -> {
      if (call == 1) {
        FakeCoordinator.stream(exchange, "application/x-ndjson", lines(0, 2));
        throw new IllegalStateException("connection broken mid-stream"); // no final chunk: the client sees EOF
      } else if (call == 2) {
        FakeCoordinator.stream(exchange, "application/x-ndjson", List.of("", lines(2, 2 + 2).get(0), lines(3, 4).get(0)))
            .close(); // a clean end while the job still runs: not the end of the results
      } else {
        ended.set(1);
        FakeCoordinator.stream(exchange, "application/x-ndjson", lines(4, 6)).close();
      }
    });
    TasklaneClient client = fake.client(QUICK);

    List<Value> values;
    try (Stream<TaskResult<Value>> results = new JobHandle(client, "j-1", true, 6).results(Value.class)) {
      values = results.map(TaskResult::output).collect(Collectors.toList());
    }

    assertThat(values).extracting(Value::v).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(fake.requests("GET", "/api/jobs/j-1/results")).extracting(FakeCoordinator.Request::uri)
        .containsExactly("/api/jobs/j-1/results?follow=true", "/api/jobs/j-1/results?follow=true&after=2",
            "/api/jobs/j-1/results?follow=true&after=4");
  }

  @Test
  void anOutputThatDoesNotFitTheCallersTypeNamesTheTaskAndTheType() {
    ended.set(1);
    fake.on("GET /api/jobs/j-1/results", (exchange, call) -> FakeCoordinator.stream(exchange, "application/x-ndjson",
        List.of(result("bad", "{\"v\":\"not a number\"}"))).close());
    JobHandle job = new JobHandle(fake.client(QUICK), "j-1", true, 1);

    assertThatThrownBy(() -> job.results(Value.class).forEach(r -> { }))
        .isInstanceOf(OutputMappingException.class)
        .hasMessageStartingWith("the output of task 'bad' does not map to " + Value.class.getName());
  }

  @Test
  void aPublisherReadsOnlyAsFarAsItsSubscriberAskedAndCancelClosesTheConnection() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    fake.on("GET /api/jobs/j-1/results", (exchange, call) -> {
      OutputStream out = FakeCoordinator.stream(exchange, "application/x-ndjson", lines(0, 3));
      try {
        while (true) { // the job keeps running; the keep-alive fails once the client has gone
          out.write('\n');
          out.flush();
          Thread.sleep(20);
        }
      } catch (Exception gone) {
        cancelled.countDown();
      }
    });
    JobHandle job = new JobHandle(fake.client(QUICK), "j-1", true, 6);
    LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    java.util.concurrent.Flow.Subscription[] subscription = new java.util.concurrent.Flow.Subscription[1];
    job.publisher().subscribe(new java.util.concurrent.Flow.Subscriber<TaskResult<JsonNode>>() {
      @Override
      public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscription[0] = s;
        s.request(1);
      }

      @Override
      public void onNext(TaskResult<JsonNode> item) {
        signals.add(item.id());
      }

      @Override
      public void onError(Throwable throwable) {
        signals.add(throwable);
      }

      @Override
      public void onComplete() {
        signals.add("complete");
      }
    });

    assertThat(signals.poll(10, TimeUnit.SECONDS)).isEqualTo("t-0");
    assertThat(signals.poll(300, TimeUnit.MILLISECONDS)).as("nothing more was asked for").isNull();
    subscription[0].request(2);
    assertThat(List.of(signals.poll(10, TimeUnit.SECONDS), signals.poll(10, TimeUnit.SECONDS))).containsExactly("t-1", "t-2");
    subscription[0].cancel();
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
    assertThat(signals).isEmpty();
  }

  @Test
  void whenEndedCompletesWithTheFinalStatusAfterAStreamThatWasLost() throws Exception {
    fake.on("GET /api/jobs/j-1/events", (exchange, call) -> {
      if (call == 1) {
        FakeCoordinator.stream(exchange, "text/event-stream", List.of("data:" + status("j-1", "running", 6), "event:status", ""));
        throw new IllegalStateException("lost");
      }
      FakeCoordinator.stream(exchange, "text/event-stream", List.of("data:", "",
          "data:" + status("j-1", "succeeded", 6), "event:end", "")).close();
    });
    JobStatus end = new JobHandle(fake.client(QUICK), "j-1", true, 6).whenEnded().get(10, TimeUnit.SECONDS);

    assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(end.succeeded()).isEqualTo(6);
    assertThat(end.endedAt()).isNotNull();
    assertThat(fake.requests("GET", "/api/jobs/j-1/events")).hasSize(2);
  }

  @Test
  void whenEndedFailsForAJobThatIsNotThere() {
    assertThatThrownBy(() -> new JobHandle(fake.client(QUICK), "j-none", true, 1).whenEnded().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(NotFoundException.class);
  }
}
