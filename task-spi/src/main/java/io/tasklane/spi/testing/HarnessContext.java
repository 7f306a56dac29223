package io.tasklane.spi.testing;

import io.tasklane.spi.TaskContext;
import java.net.http.HttpClient;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The context {@link TaskHarness} gives a handler: what a worker gives it, without a cluster.
 * Log lines and progress reports are collected (the last {@link #KEPT} of each) for assertions.
 */
final class HarnessContext implements TaskContext {

  /** Most log lines, and most progress reports, kept per run: the latest ones. */
  static final int KEPT = 10_000;

  private final String jobId;
  private final String taskId;
  private final int attempt;
  private final Instant deadline;
  private final ScheduledExecutorService timers;
  private final Supplier<HttpClient> httpClient;
  private final long maxOutputBytes;
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private final ArrayDeque<ProgressReport> reports = new ArrayDeque<>();
  private final System.Logger log;

  HarnessContext(String type, String jobId, String taskId, int attempt, Instant deadline,
      ScheduledExecutorService timers, Supplier<HttpClient> httpClient, long maxOutputBytes) {
    this.jobId = jobId;
    this.taskId = taskId;
    this.attempt = attempt;
    this.deadline = deadline;
    this.timers = timers;
    this.httpClient = httpClient;
    this.maxOutputBytes = maxOutputBytes;
    this.log = new Collector("tasklane.task." + type);
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public CompletionStage<Void> delay(Duration delay) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledFuture<?> timer = timers.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
    done.whenComplete((ignored, failure) -> {
      if (done.isCancelled()) {
        timer.cancel(false);
      }
    });
    return done;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.isDone();
  }

  @Override
  public CompletionStage<Void> whenCancelled() {
    return cancelled.minimalCompletionStage();
  }

  void cancel() {
    cancelled.complete(null);
  }

  @Override
  public System.Logger log() {
    return log;
  }

  @Override
  public void progress(double fraction, String note) {
    add(reports, new ProgressReport(fraction, note == null ? "" : note));
  }

  @Override
  public HttpClient httpClient() {
    return httpClient.get();
  }

  @Override
  public long maxOutputBytes() {
    return maxOutputBytes;
  }

  List<LogLine> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  List<ProgressReport> reports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }

  private static <T> void add(ArrayDeque<T> kept, T item) {
    synchronized (kept) {
      if (kept.size() == KEPT) {
        kept.removeFirst();
      }
      kept.addLast(item);
    }
  }

  /** Collects every level; formats {@code {0}} parameters as System.Logger defines. */
  private final class Collector implements System.Logger {

    private final String name;

    Collector(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      add(lines, new LogLine(level, thrown == null ? message : message + ": " + thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      String text = params == null || params.length == 0 ? format : new MessageFormat(format).format(params);
      add(lines, new LogLine(level, text));
    }
  }
}
