package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.io.IoLane;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class LaneDrainTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHandlers.Gate gate = new TestHandlers.Gate();
  private final TestHandlers.Never never = new TestHandlers.Never();
  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    gate.openAll();
    if (harness != null) {
      harness.close();
    }
  }

  private void startLane(String config) {
    harness = new LaneHarness("tasklane.worker.io.max-in-flight = 4\n" + config);
    List<TaskHandler> handlers = new ArrayList<>(HandlerRegistry.builtIns());
    handlers.addAll(List.of(gate, never));
    harness.spawn(IoLane.create(harness.settings, "w1", HandlerRegistry.of(handlers), HTTP), Lane.IO, 4);
  }

  private TestProbe<Drained> drain() {
    TestProbe<Drained> drained = harness.testKit.createTestProbe(Drained.class);
    harness.lane.tell(new Drain(drained.ref()));
    return drained;
  }

  @Test
  void letsTheTasksInFlightFinishAndSendsTheirResultsBeforeUnregistering() {
    startLane("");
    harness.assign("j1", List.of(task(0, "gate", Lane.IO, "{}"), task(1, "gate", Lane.IO, "{}")));
    await().until(() -> gate.waiting() == 2);

    TestProbe<Drained> drained = drain();
    harness.assign("j1", List.of(task(2, "gate", Lane.IO, "{}"))); // granted before the drain: it runs
    await().until(() -> gate.waiting() == 3);
    harness.broker.expectNoMessage(Duration.ofMillis(200));
    drained.expectNoMessage(Duration.ofMillis(50));

    gate.openAll();
    assertThat(harness.outcomes("j1", 3).values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.SUCCEEDED);
    // its results sent, it asks their router to confirm them journaled, and waits for the answer
    confirmRecorded("j1");
    // no credit offered any more: the next message to the broker is the unregistration
    BrokerProtocol.UnregisterLane unregister = harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class);
    assertThat(unregister.laneRef()).isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));

    TestProbe<Drained> again = drain();
    assertThat(again.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));
    harness.assign("j2", List.of(task(0, "gate", Lane.IO, "{}"))); // after the drain: not run
    harness.results.expectNoMessage(Duration.ofMillis(200));
    assertThat(gate.waiting()).isZero();
    harness.broker.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void drainsAtOnceWhenNothingIsInFlight() {
    startLane("");
    TestProbe<Drained> drained = drain();
    assertThat(harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class).laneRef()).isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));
  }

  @Test
  void handsBackWhatStillRunsAtTheDeadlineAndStopsIt() {
    startLane("tasklane.worker.drain-timeout = 300ms");
    harness.assign("j1", List.of(task(0, "never", Lane.IO, "{}"), task(1, "gate", Lane.IO, "{}")));
    await().until(() -> never.contexts.size() == 1 && gate.waiting() == 1);
    gate.openAll();
    assertThat(harness.outcomes("j1", 1).get(1).status()).isEqualTo(TaskStatus.SUCCEEDED);
    harness.expectCredit(1);

    TestProbe<Drained> drained = drain();
    confirmRecorded("j1"); // the finished task's result; the handed-back one has none
    assertThat(harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class, Duration.ofSeconds(10)).laneRef())
        .isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 1));
    assertThat(never.contexts.peek().isCancelled()).isTrue();
    assertThat(never.stages.peek().isCancelled()).isTrue();
    harness.results.expectNoMessage(Duration.ofMillis(200)); // handed back: its job requeues it
  }

  /**
   * The unregistration must not overtake the last results: the job requeues whatever of the
   * lane's it has no result for when it hears of it, and a drained worker's finished tasks then
   * ran again elsewhere (LedgerFaultsIT.aDrainRunsNothingTwice).
   */
  @Test
  void unregistersOnlyOnceEveryRouterItSentResultsToConfirmedThemJournaled() {
    startLane("");
    TestProbe<ResultProtocol.Command> other = harness.testKit.createTestProbe(ResultProtocol.Command.class);
    harness.listRouter(other.ref());
    harness.assign("j1", List.of(task(0, "gate", Lane.IO, "{}")));
    harness.lane.tell(new LaneProtocol.AssignTasks("j2", List.of(task(0, "gate", Lane.IO, "{}")), other.ref()));
    await().until(() -> gate.waiting() == 2);
    TestProbe<Drained> drained = drain();
    gate.openAll();
    assertThat(harness.outcomes("j1", 1)).hasSize(1);
    assertThat(other.expectMessageClass(ResultProtocol.ReportResults.class).jobId()).isEqualTo("j2");

    ResultProtocol.ConfirmRecorded first = harness.results.expectMessageClass(ResultProtocol.ConfirmRecorded.class);
    ResultProtocol.ConfirmRecorded second = other.expectMessageClass(ResultProtocol.ConfirmRecorded.class);
    assertThat(List.of(first.jobId(), second.jobId())).containsExactly("j1", "j2");
    first.laneRef().tell(new LaneProtocol.ResultsRecorded("j1"));
    harness.broker.expectNoMessage(Duration.ofMillis(300)); // j2's not confirmed yet
    drained.expectNoMessage(Duration.ofMillis(10));

    second.laneRef().tell(new LaneProtocol.ResultsRecorded("j2"));
    assertThat(harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class).laneRef()).isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));
  }

  @Test
  void unregistersAnywayWhenNoConfirmationComesWithinTheTimeout() {
    startLane("tasklane.worker.drain-results-timeout = 500ms");
    harness.assign("j1", List.of(task(0, "gate", Lane.IO, "{}")));
    await().until(() -> gate.waiting() == 1);
    TestProbe<Drained> drained = drain();
    gate.openAll();
    assertThat(harness.outcomes("j1", 1)).hasSize(1);
    harness.results.expectMessageClass(ResultProtocol.ConfirmRecorded.class); // never answered
    harness.broker.expectNoMessage(Duration.ofMillis(200));

    assertThat(harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class, Duration.ofSeconds(5)).laneRef())
        .isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));
  }

  @Test
  void asksNoRouterThatIsNoLongerListed() {
    startLane("tasklane.worker.drain-results-timeout = 30s");
    harness.assign("j1", List.of(task(0, "gate", Lane.IO, "{}")));
    await().until(() -> gate.waiting() == 1);
    gate.openAll();
    assertThat(harness.outcomes("j1", 1)).hasSize(1);
    harness.expectCredit(1);
    TestProbe<org.apache.pekko.actor.typed.receptionist.Receptionist.Listing> listings =
        harness.testKit.createTestProbe(org.apache.pekko.actor.typed.receptionist.Receptionist.Listing.class);
    harness.testKit.system().receptionist().tell(
        org.apache.pekko.actor.typed.receptionist.Receptionist.subscribe(ResultProtocol.SERVICE_KEY, listings.ref()));
    harness.unlistRouter(harness.results.ref()); // its coordinator left with what it held: the job requeues that
    // the lane is told in the same round as this probe
    listings.fishForMessage(Duration.ofSeconds(5), listing -> listing.getServiceInstances(ResultProtocol.SERVICE_KEY)
        .isEmpty() ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());

    TestProbe<Drained> drained = drain();
    assertThat(harness.broker.expectMessageClass(BrokerProtocol.UnregisterLane.class, Duration.ofSeconds(5)).laneRef())
        .isEqualTo(harness.lane);
    assertThat(drained.receiveMessage()).isEqualTo(new Drained(Lane.IO, 0));
    harness.results.expectNoMessage(Duration.ofMillis(100));
  }

  /** Expects the lane to ask the results probe to confirm {@code jobId}'s results, and confirms them. */
  private void confirmRecorded(String jobId) {
    ResultProtocol.ConfirmRecorded confirm = harness.results.expectMessageClass(ResultProtocol.ConfirmRecorded.class);
    assertThat(confirm.jobId()).isEqualTo(jobId);
    assertThat(confirm.laneRef()).isEqualTo(harness.lane);
    harness.broker.expectNoMessage(Duration.ofMillis(200)); // not before the answer
    confirm.laneRef().tell(new LaneProtocol.ResultsRecorded(jobId));
  }
}
