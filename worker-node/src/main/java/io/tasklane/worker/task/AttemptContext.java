package io.tasklane.worker.task;

import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.spi.TaskContext;
import io.tasklane.worker.settings.ProgressSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * The context of one attempt: who it is (job, task, attempt), its deadline (the task's timeout
 * counted from the attempt's start), its cancelled flag and signal, timers, a logger writing to
 * the worker's log, and its last progress report.
 */
public final class AttemptContext implements TaskContext {

  private final String jobId;
  private final String taskId;
  private final int attempt;
  private final Instant deadline;
  private final TaskServices services;
  private final long maxOutputBytes;
  private final System.Logger log;
  private final AttemptProgress progress;
  private final CompletableFuture<Void> cancelledSignal = new CompletableFuture<>();
  private volatile boolean cancelled;

  /** A context outside any job (tests): no deadline, progress kept but not logged. */
  public AttemptContext(String taskId, int attempt, TaskServices services) {
    this.jobId = "";
    this.taskId = taskId;
    this.attempt = attempt;
    this.deadline = null;
    this.services = services;
    this.maxOutputBytes = Long.MAX_VALUE;
    this.log = new TaskLog("test", jobId, taskId, attempt);
    this.progress = new AttemptProgress(log, null, Integer.MAX_VALUE, System::nanoTime);
  }

  /**
   * The context of attempt {@code attempt} of {@code spec}, starting now.
   *
   * @param setup the lane's: the node's services, {@code max-output-bytes} (told to the handler)
   *     and the progress settings
   */
  public AttemptContext(String jobId, TaskSpec spec, int attempt, LaneSetup setup) {
    this.jobId = jobId;
    this.taskId = spec.id();
    this.attempt = attempt;
    this.deadline = spec.timeoutMs() > 0 ? Instant.now().plusMillis(spec.timeoutMs()) : null;
    this.services = setup.services();
    this.maxOutputBytes = setup.settings().maxOutputBytes();
    this.log = new TaskLog(spec.type(), jobId, taskId, attempt);
    ProgressSettings settings = setup.settings().progress();
    this.progress = new AttemptProgress(log, settings.logEvery(), settings.maxNoteChars(), System::nanoTime);
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
    ScheduledFuture<?> timer = Timers.after(delay.toNanos(), () -> done.complete(null));
    done.whenComplete((ignored, failure) -> {
      if (done.isCancelled()) {
        timer.cancel(false);
      }
    });
    return done;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  /** A stage the handler cannot complete itself: only {@link #cancel()} does. */
  @Override
  public CompletionStage<Void> whenCancelled() {
    return cancelledSignal.minimalCompletionStage();
  }

  /** Marks the attempt cancelled (timed out or its job cancelled) and signals it. */
  public void cancel() {
    cancelled = true;
    cancelledSignal.complete(null);
  }

  @Override
  public System.Logger log() {
    return log;
  }

  @Override
  public void progress(double fraction, String note) {
    progress.report(fraction, note);
  }

  /** The attempt's last progress report; empty before the first. */
  Optional<AttemptProgress.Report> lastProgress() {
    return progress.last();
  }

  @Override
  public HttpClient httpClient() {
    return services.httpClient();
  }

  @Override
  public long maxOutputBytes() {
    return maxOutputBytes;
  }
}
