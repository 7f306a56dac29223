package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.Appended;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the journal decides of one job, as plain Java: its templates, its recorded results and
 * its {@link JobPhase}. Built from the events alone (one method per event), so a recovered job
 * has the same ledger; what is queued or in flight lives in the {@link JobRuntime}.
 */
final class JobLedger {

  /** How many tasks of a lane are in flight (the runtime knows; the ledger does not). */
  @FunctionalInterface
  interface Running {
    int in(Lane lane);
  }

  private final String jobId;
  private final JobSpec spec;
  private final long submittedAt;
  private final Templates templates = new Templates();
  private final LaneTally tally = new LaneTally();
  private final ResultLog results;
  private final ResultPages pages;
  private final AppendKeys keys = new AppendKeys();
  private int appends;
  private JobPhase phase;
  private long endedAt;

  /** The job as submitted ({@link JobEvent.JobSubmitted}). */
  JobLedger(String jobId, JobSpec spec, long submittedAt) {
    this.jobId = jobId;
    this.spec = spec;
    this.submittedAt = submittedAt;
    this.results = new ResultLog((int) Math.min(Integer.MAX_VALUE, spec.taskCount()));
    this.pages = new ResultPages(templates, results);
    addTasks(spec.tasks(), submittedAt);
    this.phase = JobPhase.first(spec.open(), templates.total());
  }

  /** Applies a journaled event (any but the submit, which makes the ledger). */
  void apply(JobEvent event) {
    switch (event) {
      case JobEvent.ResultsRecorded recorded -> record(recorded.worker(), recorded.outcomes(), recorded.at());
      case JobEvent.TasksAppended appended ->
          append(RecordedTemplate.templates(appended.tasks()), appended.at(), appended.key());
      case JobEvent.JobClosed closed -> close(closed.at());
      case JobEvent.JobCancelled cancelled -> cancel(cancelled.at());
      case JobEvent.JobSubmitted submitted -> throw new IllegalStateException("job " + jobId + " was submitted before");
    }
  }

  /**
   * Tasks appended to the open job ({@link JobEvent.TasksAppended}), numbered on from its last
   * one, under an idempotency {@code key} (or null). Returns the index of the first.
   */
  int append(List<TaskTemplate> added, long at, String key) {
    if (phase != JobPhase.OPEN) {
      throw new IllegalStateException("job " + jobId + " is not open for more tasks");
    }
    int first = addTasks(added, at);
    appends++;
    if (key != null) {
      keys.put(key, first, templates.total() - first, added);
    }
    return first;
  }

  /**
   * No more tasks ({@link JobEvent.JobClosed}): the job ends once those it has ended (at once if
   * they have). The command handlers journal a close only for an open job; one replayed after the
   * job closed or ended (two incarnations of the job overlapping in a hand-over) changes nothing,
   * as before there were phases: a journal the job cannot replay would stop it for good.
   */
  void close(long at) {
    if (phase != JobPhase.OPEN) {
      return;
    }
    moveTo(results.endedCount() == total() ? JobPhase.ENDED : JobPhase.RUNNING, at);
  }

  /** Results ({@link JobEvent.ResultsRecorded}); a task that already ended keeps its first result. */
  void record(String worker, RecordedOutcomes outcomes, long at) {
    int total = total();
    for (int i = 0; i < outcomes.size(); i++) {
      int index = outcomes.index(i);
      if (index >= 0 && index < total && results.record(outcomes, i, worker)) {
        tally.end(templates.laneOf(index), outcomes.status(i));
      }
    }
    if (phase == JobPhase.RUNNING && results.endedCount() == total) {
      moveTo(JobPhase.ENDED, at);
    }
  }

  /**
   * Cancelled ({@link JobEvent.JobCancelled}): every task not ended yet ends as cancelled. A cancel
   * replayed after the job ended changes nothing (see {@link #close}).
   */
  void cancel(long at) {
    if (phase.isEnded()) {
      return;
    }
    moveTo(JobPhase.CANCELLED, at);
    tally.cancelRest();
    results.endRest(total());
  }

  private void moveTo(JobPhase next, long at) {
    if (!phase.canBecome(next)) {
      throw new IllegalStateException("job " + jobId + " cannot go from " + phase + " to " + next);
    }
    phase = next;
    if (next.isEnded()) {
      endedAt = at;
    }
  }

  private int addTasks(List<TaskTemplate> added, long at) {
    int before = templates.count();
    int first = templates.add(added, at);
    for (int t = before; t < templates.count(); t++) {
      tally.added(templates.get(t).lane(), templates.get(t).spec().count());
    }
    results.grow(templates.total());
    return first;
  }

  /**
   * Of a group of result batches, the outcomes that would be recorded, as one event per batch
   * that has any: the first result of a task wins, also across the group's batches (a task
   * queued again from a lost worker may have results from both in one group).
   */
  List<JobEvent> firstResults(List<ReportResults> batches, long at) {
    List<JobEvent> events = new ArrayList<>(batches.size());
    List<RecordedOutcomes> group = new ArrayList<>(batches.size());
    try {
      for (ReportResults batch : batches) {
        RecordedOutcomes first = results.firstOf(batch.outcomes(), total());
        if (first != null) {
          events.add(new JobEvent.ResultsRecorded(batch.worker(), first, at));
          group.add(first);
        }
      }
    } catch (RuntimeException e) {
      results.endGroups();
      throw e;
    }
    results.endGroup(group);
    return events;
  }

  /**
   * The answer to an append that is not to be journaled: a repeat of one taken under its
   * idempotency {@code key} (answered as the first time, even if closed since: its answer was
   * lost, say), other tasks under that key, or a refusal ({@link #refusesAppend}); null when the
   * append is to be journaled.
   */
  Appended answerUnlessTaken(List<TaskTemplate> tasks, String key, Supplier<JobStatus> status,
      long maxTasks, int maxAppends) {
    AppendKeys.KeyedAppend earlier = key == null ? null : keys.get(key);
    if (earlier != null) {
      return earlier.fingerprint().equals(AppendKeys.fingerprint(tasks))
          ? new Appended(status.get(), earlier.first(), earlier.count(), null, true)
          : new Appended(status.get(), 0, 0, "job '" + jobId + "' took other tasks under this Idempotency-Key", false);
    }
    String refused = refusesAppend(taskCount(tasks), maxTasks, maxAppends);
    return refused == null ? null : new Appended(status.get(), 0, 0, refused, false);
  }

  /** How many tasks {@code tasks} stand for. */
  static long taskCount(List<TaskTemplate> tasks) {
    long count = 0;
    for (TaskTemplate template : tasks) {
      count += template.count();
    }
    return count;
  }

  /**
   * Why an append of {@code count} tasks is refused now (its limits, or the job's phase), or
   * null when it may be journaled.
   */
  String refusesAppend(long count, long maxTasks, int maxAppends) {
    if (phase != JobPhase.OPEN) {
      return "job '" + jobId + "' takes no more tasks: it "
          + (phase.isEnded() ? "has ended (" + state() + ")" : "was closed")
          + (spec.open() ? "" : "; only a job submitted with \"open\": true takes more");
    }
    return count == 0 ? "no tasks to append"
        : total() + count > maxTasks ? "job '" + jobId + "' would have " + (total() + count)
            + " tasks, more than tasklane.coordinator.jobs.max-tasks = " + maxTasks
        : appends >= maxAppends ? "job '" + jobId + "' has taken " + appends
            + " appends, its limit (tasklane.coordinator.jobs.max-appends): close it and open another"
        : null;
  }

  /** The append taken under {@code key}, or null. */
  AppendKeys.KeyedAppend appendedUnder(String key) {
    return keys.get(key);
  }

  JobStatus status(Running running) {
    Map<Lane, LaneCounts> lanes = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      lanes.put(lane, tally.counts(lane, running.in(lane)));
    }
    return new JobStatus(jobId, spec.name(), state(), submittedAt, phase.isEnded() ? endedAt : null,
        total(), lanes, null, phase == JobPhase.OPEN);
  }

  private JobState state() {
    return switch (phase) {
      case OPEN, RUNNING -> JobState.running;
      case CANCELLED -> JobState.cancelled;
      case ENDED -> tally.allSucceeded() ? JobState.succeeded : JobState.failed;
    };
  }

  /** Results of ended tasks from {@code from} on, in task order (see {@link ResultPages}). */
  ResultsPage results(int from, int max, boolean failedOnly, long maxBytes) {
    return pages.inTaskOrder(from, max, failedOnly, maxBytes);
  }

  /** Results in the order tasks ended, from a follower's cursor on (see {@link ResultPages}). */
  ResultsPage resultsAsEnded(int from, int max, boolean failedOnly, long maxBytes) {
    return pages.inEndOrder(from, max, failedOnly, maxBytes, phase.isEnded());
  }

  JobPhase phase() {
    return phase;
  }

  boolean isEnded() {
    return phase.isEnded();
  }

  String jobId() {
    return jobId;
  }

  JobSpec spec() {
    return spec;
  }

  int total() {
    return templates.total();
  }

  int appends() {
    return appends;
  }

  /** How many tasks have ended (the length of the order {@link #resultsAsEnded} reads). */
  int endedCount() {
    return results.endedCount();
  }

  /** How many of tasks {@code from} … {@code to - 1} have not ended. */
  int notEnded(int from, int to) {
    return results.notEnded(from, to);
  }

  Templates templates() {
    return templates;
  }

  LaneTally tally() {
    return tally;
  }

  ResultLog log() {
    return results;
  }
}
