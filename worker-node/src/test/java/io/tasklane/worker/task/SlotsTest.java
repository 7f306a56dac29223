package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.settings.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The slots' phases and transitions, without an actor system: the test plays the lane. */
class SlotsTest {

  /** What the slots asked of their lane, in order. */
  private static final class Recorded implements Slots.Effects {
    record Call(String what, long slotId, long token, Duration after) {}

    final List<Call> calls = new ArrayList<>();
    final List<TaskOutcome> reported = new ArrayList<>();
    final List<RunningAttempt> watched = new ArrayList<>();
    int runnersReturned;

    @Override
    public void watch(long slotId, long token, RunningAttempt attempt) {
      calls.add(new Call("watch", slotId, token, null));
      watched.add(attempt);
    }

    @Override
    public void timeoutAfter(long slotId, long token, Duration after) {
      calls.add(new Call("timeout", slotId, token, after));
    }

    @Override
    public void abandonAfter(long slotId, long token, Duration after) {
      calls.add(new Call("abandon", slotId, token, after));
    }

    @Override
    public void retryAfter(long slotId, long token, Duration after) {
      calls.add(new Call("retry", slotId, token, after));
    }

    @Override
    public void cancelTimer(long slotId) {
      calls.add(new Call("cancel", slotId, 0, null));
    }

    @Override
    public void report(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
      reported.add(outcome);
    }

    @Override
    public void runnerReturned() {
      runnersReturned++;
    }

    Call last(String what) {
      return calls.reversed().stream().filter(call -> call.what().equals(what)).findFirst().orElseThrow();
    }

    long count(String what) {
      return calls.stream().filter(call -> call.what().equals(what)).count();
    }
  }

  private final TestHandlers.Never never = new TestHandlers.Never();
  private final TestHandlers.Stubborn stubborn = new TestHandlers.Stubborn();
  private final TestHandlers.Flaky flaky = new TestHandlers.Flaky();
  private final ExecutorService runners = Executors.newCachedThreadPool();
  private final Recorded lane = new Recorded();

  @AfterEach
  void stop() {
    stubborn.release.countDown();
    runners.shutdownNow();
  }

  /** Slots of a lane with {@code capacity} that runs I/O handlers on the caller, CPU handlers on {@code runners}. */
  private Slots slots(int capacity, String config) {
    WorkerSettings settings = WorkerSettings.fromConfig(ConfigFactory.parseString(config)
        .withFallback(ConfigFactory.parseString("tasklane.worker.retry.backoff-base = 10ms"))
        .withFallback(ConfigFactory.load()));
    LaneSetup setup = new LaneSetup("w1", Lane.CPU, capacity, settings,
        HandlerRegistry.of(List.of(never, stubborn, flaky)), new TaskServices(null, null, null));
    TaskLane.AttemptStarter starter = (handler, input, attempt) -> switch (handler) {
      case IoTaskHandler io -> RunningAttempt.start(io, input, attempt);
      case CpuTaskHandler cpu -> RunningAttempt.compute(cpu, input, attempt, runners, true);
      case BlockingTaskHandler blocking -> RunningAttempt.block(blocking, input, attempt, runners, true, null);
    };
    return new Slots(setup, starter, lane, LoggerFactory.getLogger(SlotsTest.class));
  }

  @Test
  void aTimedOutAttemptWaitsForItsRetryAndStaleTimersAreIgnored() {
    Slots slots = slots(4, "");
    slots.assign("j1", List.of(task(0, "never", Lane.IO, "{}", 50, 1)), null);
    Recorded.Call first = lane.last("timeout");
    assertThat(first.after()).isEqualTo(Duration.ofMillis(50));
    assertThat(lane.last("watch").token()).isEqualTo(first.token());

    slots.timedOut(first.slotId(), first.token());
    assertThat(never.stages.peek().isCancelled()).isTrue();
    Recorded.Call retry = lane.last("retry");
    assertThat(retry.after()).isEqualTo(Duration.ofMillis(10));
    assertThat(retry.token()).isNotEqualTo(first.token());
    assertThat(lane.reported).isEmpty();

    slots.timedOut(first.slotId(), first.token()); // stale: the attempt is gone
    slots.retryDue(first.slotId(), first.token()); // stale: not the retry's token
    assertThat(lane.count("watch")).isEqualTo(1);
    assertThat(slots.inFlight()).isEqualTo(1);

    slots.retryDue(retry.slotId(), retry.token());
    Recorded.Call second = lane.last("timeout");
    assertThat(lane.count("watch")).isEqualTo(2);
    slots.timedOut(second.slotId(), second.token());

    assertThat(lane.reported).singleElement().satisfies(outcome -> {
      assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
      assertThat(outcome.error()).isEqualTo("timed out after 50ms");
      assertThat(outcome.attempts()).isEqualTo(2);
    });
    assertThat(slots.inFlight()).isZero();
  }

  @Test
  void aStoppedAttemptThatHoldsItsThreadKeepsItsSlotUntilItEnds() throws Exception {
    Slots slots = slots(1, "");
    slots.assign("j1", List.of(task(0, "stubborn", Lane.CPU, "{}", 50, 0)), null);
    await().until(() -> stubborn.threads.size() == 1); // computing: stopping it cannot end it
    Recorded.Call timeout = lane.last("timeout");

    slots.timedOut(timeout.slotId(), timeout.token());
    Recorded.Call abandon = lane.last("abandon");
    assertThat(abandon.token()).isEqualTo(timeout.token());
    assertThat(abandon.after()).isEqualTo(Duration.ofSeconds(10));
    assertThat(lane.reported).isEmpty();
    assertThat(slots.inFlight()).isEqualTo(1);

    stubborn.release.countDown();
    JsonNode output = lane.watched.getFirst().done().get(10, TimeUnit.SECONDS);
    slots.attemptEnded(timeout.slotId(), timeout.token(), output, null);
    assertThat(lane.reported).singleElement().satisfies(outcome -> {
      assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
      assertThat(outcome.thread()).isEqualTo(stubborn.threads.iterator().next());
    });
    assertThat(slots.inFlight()).isZero();
    assertThat(lane.runnersReturned).isZero();
  }

  @Test
  void anAbandonedThreadCostsARunnerBeyondTheSpareOnesUntilItReturns() throws Exception {
    Slots slots = slots(1, "tasklane.worker.cpu.spare-threads = 1");
    for (int i = 0; i < 2; i++) {
      slots.assign("j" + i, List.of(task(0, "stubborn", Lane.CPU, "{}", 50, 0)), null);
      int started = i + 1;
      await().until(() -> stubborn.threads.size() == started);
      Recorded.Call timeout = lane.last("timeout");
      slots.timedOut(timeout.slotId(), timeout.token());
      slots.abandonDue(timeout.slotId(), timeout.token());
    }
    assertThat(lane.reported).extracting(TaskOutcome::status).containsExactly(TaskStatus.TIMED_OUT, TaskStatus.TIMED_OUT);
    assertThat(slots.capacity()).isZero(); // two abandoned, one spare

    stubborn.release.countDown();
    Recorded.Call lastTimeout = lane.last("timeout");
    JsonNode output = lane.watched.getLast().done().get(10, TimeUnit.SECONDS);
    slots.attemptEnded(lastTimeout.slotId(), lastTimeout.token(), output, null);
    assertThat(lane.runnersReturned).isEqualTo(1);
    assertThat(slots.capacity()).isEqualTo(1);
    assertThat(lane.reported).hasSize(2); // a returning thread reports nothing
  }

  @Test
  void cancellingAJobEndsItsQueuedRunningAndWaitingTasksOnly() {
    Slots slots = slots(2, "tasklane.worker.retry.backoff-base = 1h\ntasklane.worker.retry.backoff-max = 1h");
    slots.assign("j1", List.of(
        task(0, "never", Lane.IO, "{}"),
        task(1, "flaky", Lane.IO, "{\"fail\":9}", 0, 3),
        task(2, "never", Lane.IO, "{}")), null);
    Recorded.Call ended = lane.calls.stream().filter(c -> c.what().equals("watch")).toList().get(1);
    slots.attemptEnded(ended.slotId(), ended.token(), null, new IllegalStateException("boom 1"));
    assertThat(lane.last("retry").after()).isEqualTo(Duration.ofHours(1));
    slots.assign("j2", List.of(task(0, "never", Lane.IO, "{}")), null);
    assertThat(slots.inFlight()).isEqualTo(4); // 2 slots, 2 queued

    slots.cancelJob("j1");
    assertThat(lane.reported).extracting(TaskOutcome::index, TaskOutcome::status, TaskOutcome::attempts)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, TaskStatus.CANCELLED, 0),
            org.assertj.core.groups.Tuple.tuple(0, TaskStatus.CANCELLED, 1),
            org.assertj.core.groups.Tuple.tuple(1, TaskStatus.CANCELLED, 1));
    assertThat(slots.inFlight()).isEqualTo(1); // j2's task took a freed slot
    assertThat(never.contexts).hasSize(2);
  }

  @Test
  void failsWhatIsBeyondItsSlotsAndQueueAndTypesItDoesNotKnow() {
    Slots slots = slots(1, "tasklane.worker.max-error-chars = 20");
    slots.assign("j1", List.of(task(0, "a-type-nobody-knows", Lane.IO, "{}")), null);
    slots.assign("j1", List.of(
        task(1, "never", Lane.IO, "{}"), task(2, "never", Lane.IO, "{}"), task(3, "never", Lane.IO, "{}")), null);

    assertThat(lane.reported).extracting(TaskOutcome::index, TaskOutcome::error, TaskOutcome::attempts).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0, "unknown task type 'a... (32 more chars cut)", 1),
        org.assertj.core.groups.Tuple.tuple(3, "lane over capacity", 0));
    assertThat(slots.inFlight()).isEqualTo(2);
  }
}
