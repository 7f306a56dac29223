package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.settings.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What a handler's context logs and keeps: lines with the job and task, throttled progress. */
class AttemptContextTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(TaskLog.PREFIX + "words.count");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  AttemptContextTest() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(lines);
    logger.setLevel(null);
  }

  private static AttemptContext context(String jobId, TaskSpec spec) {
    WorkerSettings settings = WorkerSettings.fromConfig(com.typesafe.config.ConfigFactory.load());
    LaneSetup setup = new LaneSetup("w1", Lane.IO, 1, settings, HandlerRegistry.of(List.of()),
        new TaskServices(null, null, null));
    return new AttemptContext(jobId, spec, 2, setup);
  }

  private static TaskSpec spec(long timeoutMs) {
    return new TaskSpec(0, "count-1", "words.count", Lane.IO, LaneHarness.json("{}"), timeoutMs, 3, null);
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aHandlersLinesGoToTheWorkersLogWithTheJobTaskAndAttempt() {
    System.Logger log = context("job-1", spec(0)).log();
    log.log(System.Logger.Level.INFO, "read {0} lines of {1}", 12, "a.txt");
    log.log(System.Logger.Level.WARNING, "cannot read", new IllegalStateException("gone"));
    log.log(System.Logger.Level.DEBUG, "not written at INFO");

    assertThat(log.getName()).isEqualTo("tasklane.task.words.count");
    assertThat(log.isLoggable(System.Logger.Level.DEBUG)).isFalse();
    assertThat(messages()).containsExactly(
        "Job job-1 task count-1 (attempt 2): read 12 lines of a.txt",
        "Job job-1 task count-1 (attempt 2): cannot read");
    assertThat(lines.list.get(1).getLevel()).isEqualTo(Level.WARN);
    assertThat(lines.list.get(1).getThrowableProxy().getMessage()).isEqualTo("gone");
  }

  @Test
  void keepsTheLastProgressReportClampedAndCut() {
    AttemptContext context = context("job-1", spec(0));
    assertThat(context.lastProgress()).isEmpty();

    context.progress(0.25, "a quarter");
    context.progress(7, "x".repeat(500));

    AttemptProgress.Report last = context.lastProgress().orElseThrow();
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(last.note()).hasSize(201).startsWith("xxx").endsWith("…");
    context.progress(Double.NaN, null);
    assertThat(context.lastProgress()).contains(new AttemptProgress.Report(0, ""));
  }

  @Test
  void writesTheFirstProgressReportAtOnceAndLaterOnesAtMostOncePerInterval() {
    AtomicLong now = new AtomicLong(1_000);
    System.Logger log = new TaskLog("words.count", "job-1", "count-1", 1);
    AttemptProgress progress = new AttemptProgress(log, Duration.ofSeconds(5), 200, now::get);

    progress.report(0.1, "first");
    for (int step = 0; step < 1000; step++) {
      progress.report(step / 1000.0, "step " + step);
    }
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    progress.report(0.5, "half");
    progress.report(0.6, "");

    assertThat(messages()).containsExactly(
        "Job job-1 task count-1 (attempt 1): progress 10%: first",
        "Job job-1 task count-1 (attempt 1): progress 50%: half");
    assertThat(progress.last()).contains(new AttemptProgress.Report(0.6, ""));
  }

  @Test
  void theDeadlineIsTheTimeoutFromTheAttemptsStart() {
    long before = System.currentTimeMillis();
    AttemptContext context = context("job-1", spec(60_000));
    long after = System.currentTimeMillis();

    assertThat(context.deadline()).hasValueSatisfying(deadline ->
        assertThat(deadline.toEpochMilli()).isBetween(before + 60_000, after + 60_000));
    assertThat(context("job-1", spec(0)).deadline()).isEmpty();
  }

  @Test
  void whenCancelledCompletesOnCancelAndCannotBeCompletedByTheHandler() {
    AttemptContext context = context("job-1", spec(0));
    context.whenCancelled().toCompletableFuture().complete(null); // a copy: no effect
    assertThat(context.isCancelled()).isFalse();
    assertThat(context.whenCancelled().toCompletableFuture()).isNotDone();

    context.cancel();

    assertThat(context.isCancelled()).isTrue();
    assertThat(context.whenCancelled().toCompletableFuture()).isCompleted();
  }
}
