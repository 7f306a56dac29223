package io.tasklane.coordinator.job;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a job does as its phase changes, beside journaling: the status it publishes, the work it
 * announces to the broker, its open-idle timer, and at its end the answers to who waits, the
 * index's note and its passivation once idle.
 */
final class JobLifecycle {

  private final String jobId;
  private final ActorContext<JobProtocol.Command> context;
  private final TimerScheduler<JobProtocol.Command> timers;
  private final CoordinatorSettings settings;
  private final JobOutbox out;
  private final JobMetrics metrics;
  private final JobWaits waits;
  /** The job's own messages: closes an open job left idle; passivates an ended one left idle. */
  private final JobProtocol.Command openIdle;
  private final JobProtocol.Command endedIdle;

  JobLifecycle(String jobId, ActorContext<JobProtocol.Command> context, TimerScheduler<JobProtocol.Command> timers,
      CoordinatorSettings settings, JobOutbox out, JobMetrics metrics, JobWaits waits,
      JobProtocol.Command openIdle, JobProtocol.Command endedIdle) {
    this.jobId = jobId;
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.out = out;
    this.metrics = metrics;
    this.waits = waits;
    this.openIdle = openIdle;
    this.endedIdle = endedIdle;
  }

  /** Journaled: the job was accepted. */
  void submitted(JobEntity.State state) {
    context.getLog().info("Job {} accepted: {} tasks", jobId, state.ledger.total());
    started(state);
  }

  /** Journaled: tasks appended to the open job join the queues. */
  void appended(JobEntity.State state) {
    state.runtime.dispenser.queueNew();
    publish(state);
    announceWork(state);
    closeWhenIdle(state);
  }

  /** Journaled: the job takes no more tasks (it may have ended with that). */
  void closed(JobEntity.State state) {
    context.getLog().info("Job {} closed: {} tasks", jobId, state.ledger.total());
    closeWhenIdle(state);
    publish(state);
    if (state.ledger.isEnded()) {
      ended(state);
    }
  }

  /**
   * Journaled: the job was cancelled; the worker lanes it sent tasks to are told, and through the
   * broker every other lane (a previous holder's tasks may still run there).
   */
  void cancelled(JobEntity.State state) {
    context.getLog().info("Job {} cancelled", jobId);
    state.runtime.dispenser.clear();
    state.runtime.lanes.values().forEach(lane -> lane.tell(new LaneProtocol.CancelJob(jobId)));
    out.cancelElsewhere(java.util.Set.copyOf(state.runtime.lanes.values()));
    ended(state);
  }

  /**
   * Journaled: results ({@code events}, with the run time of each outcome's task). They are no
   * longer in flight; who waits for them is answered; the job may have ended, or (if it had
   * stopped taking credit while they were journaled, {@code wasCapped}) take credit again.
   */
  void recorded(JobEntity.State state, List<JobEvent> events, long[][] runNanos, boolean wasCapped) {
    for (int e = 0; e < events.size(); e++) {
      JobEvent.ResultsRecorded recorded = (JobEvent.ResultsRecorded) events.get(e);
      state.runtime.dispenser.recorded(recorded.outcomes());
      metrics.recorded(recorded.worker(), recorded.outcomes(), runNanos[e], state.ledger.templates());
    }
    publish(state);
    waits.recorded(state.ledger, state.runtime, events);
    if (state.ledger.isEnded()) {
      context.getLog().info("Job {} ended: {}", jobId, statusOf(state).state());
      ended(state);
    } else if (wasCapped && !state.runtime.dispenser.atUnrecordedLimit()) {
      announceWork(state);
    }
  }

  /** A job just submitted, or recovered: it gets its runtime, and works or ends. */
  void started(JobEntity.State state) {
    state.runtime = new JobRuntime(state.ledger, settings.maxUnrecorded(), settings.maxWaiters());
    closeWhenIdle(state);
    publish(state);
    announceWork(state);
    if (state.ledger.isEnded()) {
      ended(state);
    }
  }

  /** The job has ended: answer who waits, tell the index and the broker, and passivate once idle. */
  void ended(JobEntity.State state) {
    waits.ended(state.ledger, state.runtime, () -> statusOf(state));
    out.noteEnded(state.ledger);
    out.idle();
    context.setReceiveTimeout(endedIdleFor(settings, state.ledger.log().bytes()), endedIdle);
  }

  /**
   * How long an ended job stays in memory after its last request: ended-idle, or the shorter
   * ended-idle-large when its results hold more than large-results (a job of millions of
   * tasks; read again later, it is recovered from the journal).
   */
  static java.time.Duration endedIdleFor(CoordinatorSettings settings, long resultBytes) {
    return resultBytes > settings.largeResults() && settings.endedJobIdleLarge().compareTo(settings.endedJobIdle()) < 0
        ? settings.endedJobIdleLarge() : settings.endedJobIdle();
  }

  /** The lanes with queued tasks are told to the broker (again: it may have moved and forgotten). */
  void announceWork(JobEntity.State state) {
    if (!state.ledger.isEnded()) {
      state.runtime.dispenser.work().forEach(out::hasWork);
    }
  }

  /** An open job is closed after open-idle without an append (the timer restarts on each). */
  void closeWhenIdle(JobEntity.State state) {
    if (state.ledger.phase() == JobPhase.OPEN) {
      timers.startSingleTimer(openIdle, openIdle, settings.openJobIdle());
    } else {
      timers.cancel(openIdle);
    }
  }

  void publish(JobEntity.State state) {
    metrics.metrics().jobs().publish(statusOf(state));
  }

  /** The job's status, naming this node as the one that holds it. */
  JobProtocol.JobStatus statusOf(JobEntity.State state) {
    var address = context.getSystem().address();
    JobLedger.Running running = state.runtime == null ? lane -> 0 : state.runtime.dispenser;
    JobProtocol.JobStatus status =
        state.ledger.status(running).on(address.getHost().orElse("") + ":" + address.getPort().orElse(0));
    if (state.runtime == null || state.runtime.waiting.isEmpty() || state.ledger.isEnded()) {
      return status;
    }
    return status.waiting(WaitingKinds.sentences(state.runtime.waiting, state.runtime.dispenser::queuedOf));
  }
}
