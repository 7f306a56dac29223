package io.tasklane.worker.io;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.task.HandlerRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Blocking handlers in the I/O lane: each attempt on its own virtual thread, interrupted when stopped. */
@ExtendWith(LogCapturingExtension.class)
class BlockingTasksTest {

  /** {@code block} (blocking): sleeps {@code input.ms} on its thread; records what it saw. */
  static final class Block implements BlockingTaskHandler {
    final TestHandlers.Concurrency concurrency = new TestHandlers.Concurrency();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger platformThreads = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    final Queue<TaskContext> contexts = new ConcurrentLinkedQueue<>();
    final Queue<Instant> startedAt = new ConcurrentLinkedQueue<>();

    @Override
    public String type() {
      return "block";
    }

    @Override
    public JsonNode run(JsonNode input, TaskContext context) throws Exception {
      contexts.add(context);
      startedAt.add(Instant.now());
      threads.add(Thread.currentThread().getName());
      if (!Thread.currentThread().isVirtual()) {
        platformThreads.incrementAndGet();
      }
      concurrency.enter();
      try {
        Thread.sleep(input.path("ms").asLong());
        return JsonNodeFactory.instance.objectNode().put("slept", input.path("ms").asLong());
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      } finally {
        concurrency.exit();
      }
    }
  }

  private final Block block = new Block();
  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    if (harness != null) {
      harness.close();
    }
  }

  private void startLane(int capacity) {
    harness = new LaneHarness("tasklane.worker.io.max-in-flight = " + capacity);
    HandlerRegistry registry = HandlerRegistry.of(List.of(block));
    harness.spawn(IoLane.create(harness.settings, "w1", registry, HttpClient.newHttpClient()), Lane.IO, capacity);
  }

  private static List<TaskSpec> blocks(int count, long ms) {
    return IntStream.range(0, count).mapToObj(i -> task(i, "block", Lane.IO, "{\"ms\":" + ms + "}")).toList();
  }

  @Test
  void aThousandTasksBlockingTwoHundredMillisFinishInAboutTheTimeOfAFew() {
    startLane(1000);
    long start = System.nanoTime();
    harness.assign("j1", blocks(1000, 200));
    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", 1000);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(o.thread()).startsWith("tasklane-io-virtual-");
    });
    // one after another they would take 200 s; on a pool of 8 threads, 25 s
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(block.concurrency.max()).isGreaterThanOrEqualTo(500);
    assertThat(block.platformThreads.get()).as("attempts run on a platform thread").isZero();
    assertThat(block.threads).hasSize(1000).allSatisfy(name -> assertThat(name).startsWith("tasklane-io-virtual-"));
  }

  @Test
  void cancellingTheJobInterruptsTheBlockedThread() {
    startLane(10);
    harness.assign("j1", blocks(2, 3_600_000));
    await().until(() -> block.concurrency.now() == 2);

    harness.lane.tell(new LaneProtocol.CancelJob("j1"));

    assertThat(harness.outcomes("j1", 2).values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.CANCELLED);
    await().until(() -> block.interrupted.get() == 2);
    assertThat(block.concurrency.now()).isZero();
    assertThat(block.contexts).allSatisfy(context -> {
      assertThat(context.isCancelled()).isTrue();
      assertThat(context.whenCancelled().toCompletableFuture()).isCompleted();
    });
  }

  @Test
  void aTimeoutInterruptsTheThreadAndTheContextKnewTheDeadline() {
    startLane(10);
    harness.assign("job-7", List.of(task(0, "block", Lane.IO, "{\"ms\":3600000}", 300, 0)));

    TaskOutcome outcome = harness.outcomes("job-7", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
    await().until(() -> block.interrupted.get() == 1);
    TaskContext context = block.contexts.peek();
    assertThat(context.jobId()).isEqualTo("job-7");
    assertThat(context.taskId()).isEqualTo("t0");
    assertThat(context.attempt()).isEqualTo(1);
    assertThat(context.whenCancelled().toCompletableFuture()).isCompleted();
    Instant startedAt = block.startedAt.peek();
    assertThat(context.deadline()).hasValueSatisfying(deadline -> assertThat(deadline)
        .isBetween(startedAt.plusMillis(300).minusSeconds(1), startedAt.plusMillis(300)));
  }

  @Test
  void anAttemptThatEndsByItselfIsNeverSignalledCancelled() {
    startLane(10);
    harness.assign("j1", blocks(1, 1));

    assertThat(harness.outcomes("j1", 1).get(0).status()).isEqualTo(TaskStatus.SUCCEEDED);
    TaskContext context = block.contexts.peek();
    assertThat(context.isCancelled()).isFalse();
    assertThat(context.whenCancelled().toCompletableFuture()).isNotDone();
    assertThat(context.deadline()).isEmpty();
  }
}
