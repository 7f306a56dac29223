package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitEnd;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitTasks;
import io.tasklane.protocol.dispatch.JobProtocol.FollowResults;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.TasksEnded;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * The requests that may wait in a job (see {@link Waiters}): for its end, for some of its tasks,
 * and followers of its results; answered at once when they need not wait or too many do.
 */
final class JobWaits {

  private final String jobId;
  private final JobAnswers answers;
  private final TimerScheduler<JobProtocol.Command> timers;
  /** The job's own message that sweeps parked followers. */
  private final JobProtocol.Command sweep;
  private final Duration park;
  /** The actor's logger, asked for when used (that sets the actor's logging context). */
  private final Supplier<Logger> log;

  JobWaits(String jobId, JobAnswers answers, TimerScheduler<JobProtocol.Command> timers, JobProtocol.Command sweep,
      Duration park, Supplier<Logger> log) {
    this.jobId = jobId;
    this.answers = answers;
    this.timers = timers;
    this.sweep = sweep;
    this.park = park;
    this.log = log;
  }

  /** Submit with wait: answered at the end (at once if the job has ended). */
  void awaitEnd(JobLedger ledger, JobRuntime runtime, AwaitEnd await, JobProtocol.JobStatus status) {
    if (ledger.isEnded()) {
      await.replyTo().tell(answers.ended(ledger, status));
    } else if (!runtime.waiters.awaitEnd(await.replyTo())) {
      log.get().warn("Job {}: too many requests waiting for its end; one more is not answered", jobId);
    }
  }

  /** Append with wait: answered once its tasks have ended (at once if they have). */
  void awaitTasks(JobLedger ledger, JobRuntime runtime, AwaitTasks await) {
    int first = Math.max(0, await.first());
    int end = (int) Math.min(ledger.total(), (long) first + Math.max(0, await.count()));
    int left = first < end ? ledger.notEnded(first, end) : 0;
    if (left == 0) {
      await.replyTo().tell(answers.tasksEnded(ledger, first, end - first));
    } else if (!runtime.waiters.awaitTasks(first, end - first, left, await.replyTo())) {
      // too many waiting: answered at once without results (the request says where to fetch them)
      await.replyTo().tell(new TasksEnded(null, false));
    }
  }

  /** A follower: its next page now if there is one, else it waits (at most the park). */
  void follow(JobLedger ledger, JobRuntime runtime, FollowResults follow) {
    if (follow.from() < ledger.endedCount() || ledger.isEnded()) {
      follow.replyTo().tell(answers.followPage(ledger, follow));
    } else if (!runtime.waiters.park(follow, System.nanoTime())) {
      // too many waiting already: an empty page at once (the follower asks again a little later)
      follow.replyTo().tell(new ResultsPage("", 0, follow.from(), false));
    } else if (!timers.isTimerActive(sweep)) {
      timers.startSingleTimer(sweep, sweep, park);
    }
  }

  /**
   * Followers that waited {@code results-follow-park} get an empty page (they ask again if still
   * there), so a request whose asker gave up (a closed connection) is not kept for long.
   */
  void sweep(JobRuntime runtime) {
    long left = runtime.waiters.sweep(System.nanoTime(), park.toNanos());
    if (left >= 0) {
      timers.startSingleTimer(sweep, sweep, Duration.ofNanos(Math.max(left, 1_000_000)));
    }
  }

  /** New results: followers get their next page, task waiters whose tasks all ended their results. */
  void recorded(JobLedger ledger, JobRuntime runtime, List<JobEvent> recorded) {
    runtime.waiters.answerFollowers(pages(ledger));
    for (JobEvent event : recorded) {
      runtime.waiters.recorded(((JobEvent.ResultsRecorded) event).outcomes(),
          (first, count) -> answers.tasksEnded(ledger, first, count));
    }
  }

  /** The job ended: every request waiting is answered. */
  void ended(JobLedger ledger, JobRuntime runtime, Supplier<JobProtocol.JobStatus> status) {
    runtime.waiters.ended(pages(ledger), (first, count) -> answers.tasksEnded(ledger, first, count),
        () -> answers.ended(ledger, status.get()));
  }

  private Function<FollowResults, ResultsPage> pages(JobLedger ledger) {
    return follow -> answers.followPage(ledger, follow);
  }
}
