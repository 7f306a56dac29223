package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.io.IoLane;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.FishingOutcome;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where a lane's results go, and how big its messages get. */
@ExtendWith(LogCapturingExtension.class)
class LaneResultsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHandlers.Gate gate = new TestHandlers.Gate();
  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    gate.openAll();
    if (harness != null) {
      harness.close();
    }
  }

  private void startLane(String config, boolean resultsListed) {
    harness = new LaneHarness(config, resultsListed);
    List<TaskHandler> handlers = new ArrayList<>(HandlerRegistry.builtIns());
    handlers.add(gate);
    handlers.add(new LongError());
    harness.spawn(IoLane.create(harness.settings, "w1", HandlerRegistry.of(handlers), HTTP), Lane.IO, 1000);
  }

  private void assign(String jobId, List<TaskSpec> tasks, TestProbe<ResultProtocol.Command> resultsTo) {
    harness.lane.tell(new LaneProtocol.AssignTasks(jobId, tasks, resultsTo.ref()));
  }

  private static ResultProtocol.ReportResults report(TestProbe<ResultProtocol.Command> probe) {
    return (ResultProtocol.ReportResults) probe.receiveMessage(Duration.ofSeconds(10));
  }

  private static String bigInput(int chars) {
    return "{\"s\":\"" + "x".repeat(chars) + "\"}";
  }

  @Test
  void sendsResultsToTheAssigningRouterWhileItIsListed() {
    LaneHarness h = new LaneHarness("", true);
    harness = h;
    TestProbe<ResultProtocol.Command> second = h.testKit.createTestProbe(ResultProtocol.Command.class);
    h.listRouter(second.ref()); // listed before the lane subscribes
    h.spawn(IoLane.create(h.settings, "w1", HandlerRegistry.of(HandlerRegistry.builtIns()), HTTP), Lane.IO, 1000);

    assign("j1", List.of(task(0, "noop", Lane.IO, "{}")), second);
    assertThat(report(second).outcomes()).extracting(TaskOutcome::status).containsExactly(TaskStatus.SUCCEEDED);
    h.results.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void sendsResultsToAnotherListedRouterWhenTheAssigningOneIsNotListed() {
    startLane("", true);
    TestProbe<ResultProtocol.Command> gone = harness.testKit.createTestProbe(ResultProtocol.Command.class);

    assign("j1", List.of(task(0, "noop", Lane.IO, "{}")), gone);
    ResultProtocol.ReportResults report = report(harness.results);
    assertThat(report.jobId()).isEqualTo("j1");
    assertThat(report.outcomes()).extracting(TaskOutcome::status).containsExactly(TaskStatus.SUCCEEDED);
    gone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void reroutesResultsOfATaskWhoseRouterLeftWhileItRan() {
    startLane("", true);
    TestProbe<ResultProtocol.Command> moving = harness.testKit.createTestProbe(ResultProtocol.Command.class);
    TestProbe<Receptionist.Listing> watcher = harness.testKit.createTestProbe(Receptionist.Listing.class);
    harness.testKit.system().receptionist().tell(Receptionist.subscribe(ResultProtocol.SERVICE_KEY, watcher.ref()));
    harness.listRouter(moving.ref());
    watcher.fishForMessage(Duration.ofSeconds(5), listing -> fishFor(listing, 2));

    assign("j1", List.of(task(0, "gate", Lane.IO, "{}")), moving);
    await().until(() -> gate.waiting() == 1);
    harness.unlistRouter(moving.ref());
    watcher.fishForMessage(Duration.ofSeconds(5), listing -> fishFor(listing, 1));
    gate.openAll();

    assertThat(report(harness.results).outcomes()).extracting(TaskOutcome::status).containsExactly(TaskStatus.SUCCEEDED);
    moving.expectNoMessage(Duration.ofMillis(200));
  }

  private static FishingOutcome fishFor(Receptionist.Listing listing, int routers) {
    return listing.getServiceInstances(ResultProtocol.SERVICE_KEY).size() == routers
        ? FishingOutcomes.complete()
        : FishingOutcomes.continueAndIgnore();
  }

  @Test
  void holdsOutcomesAndTheirCreditWhileNoRouterIsListedThenSendsThem() {
    startLane("", false);
    harness.assign("j1", List.of(task(0, "noop", Lane.IO, "{\"v\":1}"), task(1, "noop", Lane.IO, "{\"v\":2}")));

    harness.results.expectNoMessage(Duration.ofMillis(300));
    harness.broker.expectNoMessage(Duration.ofMillis(100)); // the held outcomes keep their slots
    harness.listRouter(harness.results.ref());

    var outcomes = harness.outcomes("j1", 2);
    assertThat(outcomes.values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.SUCCEEDED);
    harness.expectCreditTotal(2);
  }

  @Test
  void failsAnOutputOverTheLimitAtOnceWithTheLimitNamed() {
    startLane("tasklane.worker.max-output-bytes = 1000", true);
    String input = bigInput(2000);
    int bytes = LaneHarness.json(input).toString().length();
    harness.assign("j1", List.of(task(0, "noop", Lane.IO, input, 0, 2), task(1, "noop", Lane.IO, bigInput(900))));

    var outcomes = harness.outcomes("j1", 2);
    TaskOutcome big = outcomes.get(0);
    assertThat(big.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(big.output()).isNull();
    assertThat(big.attempts()).isEqualTo(1);
    assertThat(big.error())
        .isEqualTo("output of " + bytes + " bytes is over the limit of 1000 bytes (tasklane.worker.max-output-bytes)");
    assertThat(outcomes.get(1).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void splitsABatchOfBigOutputsSoNoMessageCarriesMoreThanTheByteLimit() {
    startLane("tasklane.worker.results.batch-max-bytes = 10000", true);
    // noop completes at once: all ten outcomes land in the same flush
    harness.assign("j1", IntStream.range(0, 10).mapToObj(i -> task(i, "noop", Lane.IO, bigInput(3000))).toList());

    List<ResultProtocol.ReportResults> reports = new ArrayList<>();
    int received = 0;
    while (received < 10) {
      ResultProtocol.ReportResults report = report(harness.results);
      reports.add(report);
      received += report.outcomes().size();
    }
    assertThat(received).isEqualTo(10);
    assertThat(reports).allSatisfy(report -> {
      long bytes = report.outcomes().stream().mapToLong(o -> o.output().toString().length() + 64L).sum();
      assertThat(bytes).isLessThanOrEqualTo(10000);
    });
    assertThat(reports).extracting(r -> r.outcomes().size()).containsExactly(3, 3, 3, 1);
  }

  @Test
  void sendsOneOutcomeAloneWhenItIsBiggerThanTheByteLimit() {
    startLane("tasklane.worker.results.batch-max-bytes = 1000", true);
    harness.assign("j1", List.of(task(0, "noop", Lane.IO, bigInput(3000)), task(1, "noop", Lane.IO, bigInput(3000))));

    assertThat(report(harness.results).outcomes()).hasSize(1);
    assertThat(report(harness.results).outcomes()).hasSize(1);
  }

  @Test
  void cutsAnOverlongErrorToTheConfiguredLength() {
    startLane("tasklane.worker.max-error-chars = 50", true);
    harness.assign("j1", List.of(task(0, "long-error", Lane.IO, "{}")));

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.error()).isEqualTo("e".repeat(50) + "... (950 more chars cut)");
  }

  /** {@code long-error} (io): fails with a 1000-character message. */
  private static final class LongError implements IoTaskHandler {
    @Override
    public String type() {
      return "long-error";
    }

    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      return CompletableFuture.failedFuture(new IllegalStateException("e".repeat(1000)));
    }
  }
}
