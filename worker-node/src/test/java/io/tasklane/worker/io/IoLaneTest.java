package io.tasklane.worker.io;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.SleepHandler;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class IoLaneTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHandlers.Gate gate = new TestHandlers.Gate();
  private final TestHandlers.Flaky flaky = new TestHandlers.Flaky();
  private final TestHandlers.Never never = new TestHandlers.Never();
  private final TestHandlers.Spin spin = new TestHandlers.Spin();
  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    gate.openAll();
    if (harness != null) {
      harness.close();
    }
  }

  private void startLane(String config, int capacity, IoTaskHandler... extra) {
    harness = new LaneHarness(config);
    List<io.tasklane.spi.TaskHandler> handlers = new ArrayList<>(HandlerRegistry.builtIns());
    handlers.addAll(List.of(gate, flaky, never, spin));
    handlers.addAll(List.of(extra));
    HandlerRegistry registry = HandlerRegistry.of(handlers);
    BrokerProtocol.RegisterLane register =
        harness.spawn(IoLane.create(harness.settings, "w1", registry, HTTP), Lane.IO, capacity);
    assertThat(register.worker()).isEqualTo("w1");
    assertThat(register.types().get("sleep").lane()).isEqualTo(Lane.IO);
    assertThat(register.types().get("sha256").lane()).isEqualTo(Lane.CPU);
    assertThat(register.types().get("sha256").source()).isEqualTo("given");
  }

  private static List<TaskSpec> tasks(int count, String type, String input) {
    return IntStream.range(0, count).mapToObj(i -> task(i, type, Lane.IO, input)).toList();
  }

  @Test
  void registersOffersItsCapacityAndReOffersCreditAfterResults() {
    startLane("tasklane.worker.io.max-in-flight = 3", 3);
    harness.assign("j1", tasks(2, "gate", "{\"v\":1}"));
    await().until(() -> gate.waiting() == 2);
    harness.broker.expectNoMessage(Duration.ofMillis(100));

    gate.openAll();
    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", 2);
    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(o.output().tree()).isEqualTo(LaneHarness.json("{\"v\":1}"));
      assertThat(o.attempts()).isEqualTo(1);
    });
    harness.expectCreditTotal(2);
    harness.broker.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void neverRunsMoreThanItsCapacityAndFailsTasksBeyondItsQueue() {
    startLane("tasklane.worker.io.max-in-flight = 2", 2);
    harness.assign("j1", tasks(5, "gate", "{}"));

    Map<Integer, TaskOutcome> rejected = harness.outcomes("j1", 1);
    assertThat(rejected.get(4).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(rejected.get(4).error()).isEqualTo("lane over capacity");
    assertThat(rejected.get(4).attempts()).isZero();

    for (int round = 0; round < 2; round++) { // 2 running + 2 queued
      await().until(() -> gate.waiting() == 2);
      assertThat(gate.concurrency.now()).isEqualTo(2);
      gate.openAll();
    }
    Map<Integer, TaskOutcome> done = harness.outcomes("j1", 4);
    assertThat(done.values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.SUCCEEDED);
    assertThat(gate.concurrency.max()).isEqualTo(2);
  }

  @Test
  void reRegistersWithANewBrokerAndOffersItTheFreeSlots() {
    startLane("tasklane.worker.io.max-in-flight = 4", 4);
    harness.assign("j1", tasks(1, "gate", "{}"));
    await().until(() -> gate.waiting() == 1);

    var second = harness.testKit.createTestProbe(BrokerProtocol.Command.class);
    harness.testKit.system().receptionist().tell(Receptionist.deregister(BrokerProtocol.SERVICE_KEY, harness.listedBroker));
    harness.testKit.system().receptionist().tell(Receptionist.register(BrokerProtocol.SERVICE_KEY, second.ref()));

    BrokerProtocol.RegisterLane register = second.expectMessageClass(BrokerProtocol.RegisterLane.class);
    assertThat(register.capacity()).isEqualTo(4);
    assertThat(second.expectMessageClass(BrokerProtocol.OfferCredit.class).credit()).isEqualTo(3);

    gate.openAll();
    harness.outcomes("j1", 1);
    assertThat(second.expectMessageClass(BrokerProtocol.OfferCredit.class).credit()).isEqualTo(1);
  }

  @Test
  void completesAThousandConcurrentSleepsWithAHandfulOfThreads() {
    var threadsBean = ManagementFactory.getThreadMXBean();
    int count = 1000;
    AtomicInteger started = new AtomicInteger();
    AtomicInteger peakThreads = new AtomicInteger();
    CompletableFuture<Void> allInFlight = new CompletableFuture<>();
    TestHandlers.Concurrency inFlight = new TestHandlers.Concurrency();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    SleepHandler sleep = new SleepHandler();
    IoTaskHandler countedSleep = new IoTaskHandler() {
      @Override
      public String type() {
        return "counted-sleep";
      }

      @Override
      public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
        inFlight.enter();
        threads.add(Thread.currentThread().getName());
        if (started.incrementAndGet() == count) {
          peakThreads.set(threadsBean.getThreadCount());
          allInFlight.complete(null);
        }
        return allInFlight
            .thenCompose(ready -> sleep.start(input, context))
            .whenComplete((output, failure) -> {
              threads.add(Thread.currentThread().getName());
              inFlight.exit();
            });
      }
    };
    startLane("", 1000, countedSleep);
    int threadsBefore = threadsBean.getThreadCount();

    harness.assign("j1", tasks(count, "counted-sleep", "{\"ms\":200}"));
    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", count);

    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(o.output().tree().get("sleptMs").asLong()).isEqualTo(200);
    });
    assertThat(inFlight.max()).isEqualTo(count);
    assertThat(threads).hasSizeLessThanOrEqualTo(16);
    assertThat(outcomes.values().stream().map(TaskOutcome::thread).distinct().count()).isLessThanOrEqualTo(8);
    assertThat(peakThreads.get() - threadsBefore).isLessThanOrEqualTo(12);
  }

  @Test
  void retriesAFailingTaskAndSucceedsWhenFailuresAreWithinItsRetries() {
    startLane("", 1000);
    harness.assign("j1", List.of(task(0, "flaky", Lane.IO, "{\"fail\":2}", 0, 2)));

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(flaky.attemptsOf("t0")).isEqualTo(3);
  }

  @Test
  void failsATaskWithItsLastErrorOnceRetriesAreExhausted() {
    startLane("", 1000);
    harness.assign("j1", List.of(
        task(0, "flaky", Lane.IO, "{\"fail\":9}", 0, 2),
        task(1, "flaky", Lane.IO, "{\"fail\":1,\"silent\":true}", 0, 0),
        task(2, "sleep", Lane.IO, "{\"millis\":5}", 0, 0),
        task(3, "nope", Lane.IO, "{}", 0, 0)));

    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", 4);
    assertThat(outcomes.get(0).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(0).attempts()).isEqualTo(3);
    assertThat(outcomes.get(0).error()).isEqualTo("boom 3");
    assertThat(flaky.attemptsOf("t0")).isEqualTo(3);
    assertThat(outcomes.get(1).error()).isEqualTo("IllegalStateException");
    assertThat(outcomes.get(2).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(2).error()).contains("'ms'");
    assertThat(outcomes.get(3).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcomes.get(3).error()).isEqualTo("unknown task type 'nope' on worker w1");
  }

  @Test
  void timesOutAnAttemptThatNeverCompletesAndRetriesItFirst() {
    startLane("", 1000);
    harness.assign("j1", List.of(task(0, "never", Lane.IO, "{}", 50, 1)));

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(outcome.error()).isEqualTo("timed out after 50ms");
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(never.contexts).hasSize(2).allSatisfy(c -> assertThat(c.isCancelled()).isTrue());
    assertThat(never.stages).allSatisfy(s -> assertThat(s.isCancelled()).isTrue());
    harness.expectCredit(1); // the slot it had used
  }

  @Test
  void cancelsRunningTasksAndPendingRetriesOfTheJobOnly() {
    startLane("tasklane.worker.retry.backoff-base = 1h\ntasklane.worker.retry.backoff-max = 1h", 1000);
    harness.assign("j1", List.of(
        task(0, "never", Lane.IO, "{}"),
        task(1, "flaky", Lane.IO, "{\"fail\":9}", 0, 3)));
    harness.assign("j2", List.of(task(0, "gate", Lane.IO, "{}")));
    await().until(() -> never.contexts.size() == 1 && flaky.attemptsOf("t1") == 1 && gate.waiting() == 1);

    harness.lane.tell(new LaneProtocol.CancelJob("j1"));
    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", 2);
    assertThat(outcomes.values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.CANCELLED);
    assertThat(outcomes.get(0).attempts()).isEqualTo(1);
    assertThat(outcomes.get(1).attempts()).isEqualTo(1);
    assertThat(never.contexts.peek().isCancelled()).isTrue();

    gate.openAll();
    assertThat(harness.outcomes("j2", 1).get(0).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void runsAComputingHandlerMovedToTheIoLaneOnAVirtualThread() {
    startLane("", 1000);
    harness.assign("j1", List.of(task(0, "sha256", Lane.IO, "{\"iterations\":1}")));

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(outcome.output().tree().get("hex").asText())
        .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    assertThat(outcome.thread()).startsWith("tasklane-io-virtual-");
  }
}
