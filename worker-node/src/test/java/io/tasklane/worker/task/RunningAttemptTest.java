package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.worker.TestHandlers;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningAttemptTest {

  private final ExecutorService runners = Executors.newSingleThreadExecutor(task -> new Thread(task, "runner"));
  private final ExecutorService relay = Executors.newSingleThreadExecutor(task -> new Thread(task, "relay"));

  @AfterEach
  void stop() {
    runners.shutdownNow();
    relay.shutdownNow();
  }

  /** Releases the handler and returns the name of the thread the lane's callback ran on. */
  private static String threadThatHears(RunningAttempt attempt, CountDownLatch go) throws InterruptedException {
    AtomicReference<String> heardOn = new AtomicReference<>();
    CountDownLatch heard = new CountDownLatch(1);
    attempt.done().whenComplete((output, failure) -> {
      heardOn.set(Thread.currentThread().getName());
      heard.countDown();
    });
    go.countDown();
    assertThat(heard.await(10, TimeUnit.SECONDS)).isTrue();
    return heardOn.get();
  }

  /** The lane hears of a CPU result on the relay's thread, never on the (low-priority) runner. */
  @Test
  void theLaneHearsOfTheResultOnTheRelayThread() throws Exception {
    // the handler waits for the test, so the lane's callback is attached before it ends
    TestHandlers.Hold hold = new TestHandlers.Hold();
    JsonNode input = JsonNodeFactory.instance.objectNode().put("v", 1);
    RunningAttempt attempt = RunningAttempt.compute(hold, input,
        new AttemptContext("t", 1, null), runners, true, relay);

    assertThat(threadThatHears(attempt, hold.release)).isEqualTo("relay");
    assertThat(attempt.done().get()).isEqualTo(input);
    assertThat(attempt.thread()).isEqualTo("runner");
  }

  @Test
  void withoutARelayTheRunnerItselfCompletesIt() throws Exception {
    TestHandlers.Hold hold = new TestHandlers.Hold();
    RunningAttempt attempt = RunningAttempt.compute(hold, JsonNodeFactory.instance.nullNode(),
        new AttemptContext("t", 1, null), runners, true);

    assertThat(threadThatHears(attempt, hold.release)).isEqualTo("runner");
  }
}
