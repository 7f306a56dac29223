package io.tasklane.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers that let tests hold, fail, count and observe attempts. */
public final class TestHandlers {

  private TestHandlers() {}

  /** Counts attempts in progress and the most at once. */
  public static final class Concurrency {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    public void enter() {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
    }

    public void exit() {
      now.decrementAndGet();
    }

    public int now() {
      return now.get();
    }

    public int max() {
      return max.get();
    }
  }

  /** {@code gate} (io): completes, echoing its input, when the test opens the gate. */
  public static final class Gate implements IoTaskHandler {
    public final Concurrency concurrency = new Concurrency();
    private final Queue<Map.Entry<CompletableFuture<JsonNode>, JsonNode>> waiting = new ConcurrentLinkedQueue<>();

    @Override
    public String type() {
      return "gate";
    }

    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      concurrency.enter();
      CompletableFuture<JsonNode> result = new CompletableFuture<>();
      waiting.add(Map.entry(result, input));
      return result;
    }

    public int waiting() {
      return waiting.size();
    }

    /** Completes the attempts waiting now (not those that start meanwhile). */
    public void openAll() {
      for (int n = waiting.size(); n > 0; n--) {
        Map.Entry<CompletableFuture<JsonNode>, JsonNode> next = waiting.poll();
        concurrency.exit(); // before completing: the lane may start the next task at once
        next.getKey().complete(next.getValue());
      }
    }
  }

  /** {@code flaky} (io): fails while {@code attempt <= input.fail}, then echoes its input. */
  public static final class Flaky implements IoTaskHandler {
    public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public String type() {
      return "flaky";
    }

    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      attempts.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
      if (context.attempt() <= input.path("fail").asInt()) {
        String message = input.path("silent").asBoolean() ? null : "boom " + context.attempt();
        return CompletableFuture.failedFuture(new IllegalStateException(message));
      }
      return CompletableFuture.completedFuture(input);
    }

    public int attemptsOf(String taskId) {
      AtomicInteger count = attempts.get(taskId);
      return count == null ? 0 : count.get();
    }
  }

  /** {@code never} (io): a stage that never completes on its own. */
  public static final class Never implements IoTaskHandler {
    public final Queue<TaskContext> contexts = new ConcurrentLinkedQueue<>();
    public final Queue<CompletableFuture<JsonNode>> stages = new ConcurrentLinkedQueue<>();

    @Override
    public String type() {
      return "never";
    }

    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      contexts.add(context);
      CompletableFuture<JsonNode> stage = new CompletableFuture<>();
      stages.add(stage);
      return stage;
    }
  }

  /** {@code spin} (cpu): computes until cancelled, checking regularly. */
  public static final class Spin implements CpuTaskHandler {
    public final AtomicInteger started = new AtomicInteger();
    public final AtomicInteger stopped = new AtomicInteger();

    @Override
    public String type() {
      return "spin";
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) {
      started.incrementAndGet();
      try {
        while (true) {
          context.checkCancelled();
          Thread.onSpinWait();
        }
      } finally {
        stopped.incrementAndGet();
      }
    }
  }

  /** {@code policy} (cpu): the Linux scheduling policy and nice value of its thread ({@code /proc/thread-self/stat}). */
  public static final class SchedPolicy implements CpuTaskHandler {
    @Override
    public String type() {
      return "policy";
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) throws java.io.IOException {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
      // after "tid (comm)" come fields 3, 4, ...: nice is field 19, policy field 41
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      java.nio.file.Path cgroup = java.nio.file.Path.of("/proc/thread-self/cgroup");
      String cpuCgroup = java.nio.file.Files.isReadable(cgroup)
          ? io.tasklane.worker.cpu.RunnerCgroup.cpuPathOf(java.nio.file.Files.readString(cgroup)) : null;
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
          .put("nice", Integer.parseInt(fields[19 - 3]))
          .put("policy", Integer.parseInt(fields[41 - 3]))
          .put("cpuCgroup", cpuCgroup);
    }
  }

  /** {@code hold} (cpu): counts concurrency, records its thread, waits for the latch. */
  public static final class Hold implements CpuTaskHandler {
    public final Concurrency concurrency = new Concurrency();
    public final Set<String> threads = ConcurrentHashMap.newKeySet();
    public final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String type() {
      return "hold";
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) throws InterruptedException {
      concurrency.enter();
      try {
        threads.add(Thread.currentThread().getName());
        release.await();
        return input;
      } finally {
        concurrency.exit();
      }
    }
  }

  /** {@code stubborn} (cpu): ignores interrupts and its cancelled flag until the test releases it. */
  public static final class Stubborn implements CpuTaskHandler {
    public final Set<String> threads = ConcurrentHashMap.newKeySet();
    public final AtomicInteger returned = new AtomicInteger();
    public final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String type() {
      return "stubborn";
    }

    @Override
    public JsonNode compute(JsonNode input, TaskContext context) {
      threads.add(Thread.currentThread().getName());
      while (true) {
        try {
          release.await();
          returned.incrementAndGet();
          return input;
        } catch (InterruptedException ignored) {
          // stubborn: keeps waiting
        }
      }
    }
  }
}
