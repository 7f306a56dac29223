package io.tasklane.spi.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskFailedPermanently;
import io.tasklane.spi.TaskHandler;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a handler as a worker would, without a cluster: for a plugin's unit tests.
 *
 * <pre>{@code
 * try (TaskHarness harness = new TaskHarness().timeout(Duration.ofSeconds(5))) {
 *   JsonNode output = harness.run(new WordCount(), "{\"text\": \"a b c\"}");
 *   assertEquals(3, output.get("words").asInt());
 * }
 * }</pre>
 *
 * <p>Each run first checks the input against the handler's {@link TaskHandler#input() schema}
 * ({@link InputRefused} where the coordinator would refuse the job), then runs the handler on a
 * thread of its own (an {@link IoTaskHandler}'s {@code start} too, then its stage is awaited),
 * with a context that has a job and task id, an attempt number, a deadline, timers, an HTTP
 * client and cancellation. What a worker would report, {@code run} throws: the handler's own
 * exception ({@link TaskFailedPermanently} among them), {@link TaskTimedOut} once the timeout
 * passed, {@link io.tasklane.spi.TaskCancelledException} for a run stopped by {@link #cancelAfter} or
 * {@link #cancel()}, and {@link TaskFailedPermanently} for an output over the size limit. Log
 * lines and progress reports of the last run are kept for assertions. One run at a time.
 */
public final class TaskHarness implements AutoCloseable {

  /** A run's timeout unless {@link #timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How long a stopped handler gets to end before the run gives up on it. */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
  /** The worker's default {@code max-output-bytes}. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "tasklane-harness-timers");
    thread.setDaemon(true);
    return thread;
  });
  private String jobId = "harness-job";
  private String taskId = "t0";
  private int attempt = 1;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration cancelAfter;
  private Duration stopGrace = DEFAULT_STOP_GRACE;
  private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
  private HttpClient httpClient;
  private volatile HarnessRun current;

  /** The job id the context reports ({@code harness-job} by default). */
  public TaskHarness jobId(String jobId) {
    this.jobId = jobId;
    return this;
  }

  /** The task id the context reports ({@code t0} by default). */
  public TaskHarness taskId(String taskId) {
    this.taskId = taskId;
    return this;
  }

  /** The attempt number the context reports (1 by default): to test what a retry does. */
  public TaskHarness attempt(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, not " + attempt);
    }
    this.attempt = attempt;
    return this;
  }

  /** The task's timeout: the context's deadline, and when the run stops the handler. */
  public TaskHarness timeout(Duration timeout) {
    this.timeout = positive(timeout, "timeout");
    return this;
  }

  /** Cancels each run after {@code after}, as cancelling its job would; null: never. */
  public TaskHarness cancelAfter(Duration after) {
    this.cancelAfter = after == null ? null : positive(after, "cancelAfter");
    return this;
  }

  /** How long a cancelled or timed-out handler gets to end ({@link #DEFAULT_STOP_GRACE}). */
  public TaskHarness stopGrace(Duration grace) {
    this.stopGrace = positive(grace, "stopGrace");
    return this;
  }

  /** The largest output accepted, as compact JSON in bytes (the worker's default: 1 MiB). */
  public TaskHarness maxOutputBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxOutputBytes must be positive, not " + bytes);
    }
    this.maxOutputBytes = bytes;
    return this;
  }

  /** The client handlers get from {@code httpClient()}; a default client otherwise. */
  public TaskHarness httpClient(HttpClient client) {
    this.httpClient = client;
    return this;
  }

  /** Runs {@code handler} on {@code inputJson} (JSON text); see the class comment. */
  public JsonNode run(TaskHandler handler, String inputJson) throws Exception {
    JsonNode input;
    try {
      input = JSON.readTree(inputJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("input is not JSON: " + e.getOriginalMessage(), e);
    }
    return run(handler, input);
  }

  /** Runs {@code handler} on {@code input}; see the class comment. */
  public JsonNode run(TaskHandler handler, JsonNode input) throws Exception {
    List<String> problems = handler.input().check(input);
    if (!problems.isEmpty()) {
      throw new InputRefused(handler.type(), problems);
    }
    HarnessContext context = new HarnessContext(handler.type(), jobId, taskId, attempt,
        Instant.now().plus(timeout), timers, this::client, maxOutputBytes);
    HarnessRun run = new HarnessRun(context, timeout, stopGrace);
    current = run;
    ScheduledFuture<?> canceller = cancelAfter == null ? null
        : timers.schedule(run::stop, cancelAfter.toNanos(), TimeUnit.NANOSECONDS);
    try {
      run.start(handler, input);
      return check(run.await(handler.type()));
    } finally {
      if (canceller != null) {
        canceller.cancel(false);
      }
    }
  }

  /** Cancels the run in progress (from any thread), as cancelling its job would. */
  public void cancel() {
    HarnessRun run = current;
    if (run != null) {
      run.stop();
    }
  }

  /** The lines the last run's handler logged, oldest first. */
  public List<LogLine> logLines() {
    HarnessRun run = current;
    return run == null ? List.of() : run.context().lines();
  }

  /** The progress the last run's handler reported, oldest first. */
  public List<ProgressReport> progress() {
    HarnessRun run = current;
    return run == null ? List.of() : run.context().reports();
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }

  private synchronized HttpClient client() {
    if (httpClient == null) {
      httpClient = HttpClient.newHttpClient();
    }
    return httpClient;
  }

  private JsonNode check(JsonNode output) throws JsonProcessingException {
    JsonNode result = output == null ? NullNode.getInstance() : output;
    long bytes = JSON.writeValueAsBytes(result).length;
    if (bytes > maxOutputBytes) {
      throw new TaskFailedPermanently("output of " + bytes + " bytes is over the limit of " + maxOutputBytes
          + " bytes (tasklane.worker.max-output-bytes)");
    }
    return result;
  }

  private static Duration positive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
    return value;
  }
}
