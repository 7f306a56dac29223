package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.spi.TaskFailedPermanently;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.task.AttemptPhase.Running;
import io.tasklane.worker.task.AttemptPhase.Stopping;
import io.tasklane.worker.task.AttemptPhase.WaitingToRetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * A lane's slots and its overflow queue: which task runs, which waits for a slot, and the
 * {@link AttemptPhase} of each, with timeouts, retries, cancellation and threads abandoned by
 * attempts that ignore being stopped. Plain Java, called only on the lane's thread; the lane
 * behavior ({@link TaskLane}) supplies the {@link Effects}: timers, hearing of an attempt's end,
 * reporting outcomes.
 */
final class Slots {

  /** What the slots ask of their lane. Timers are per slot: starting one replaces the last. */
  interface Effects {
    /** Tells the lane {@link #attemptEnded} when {@code attempt} completes. */
    void watch(long slotId, long token, RunningAttempt attempt);

    /** Tells the lane {@link #timedOut} after {@code after}. */
    void timeoutAfter(long slotId, long token, Duration after);

    /** Tells the lane {@link #abandonDue} after {@code after}. */
    void abandonAfter(long slotId, long token, Duration after);

    /** Tells the lane {@link #retryDue} after {@code after}. */
    void retryAfter(long slotId, long token, Duration after);

    void cancelTimer(long slotId);

    void report(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome);

    /** A thread abandoned before returned: the lane may offer its runner again. */
    void runnerReturned();
  }

  private record Queued(String jobId, TaskSpec spec, ActorRef<ResultProtocol.Command> resultsTo) {}

  private final LaneSetup setup;
  private final TaskLane.AttemptStarter starter;
  private final Effects effects;
  private final Logger log;
  private final Map<Long, Slot> slots = new HashMap<>();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final AbandonedThreads abandoned;
  private final RetryBackoff backoff;
  private long nextId;

  Slots(LaneSetup setup, TaskLane.AttemptStarter starter, Effects effects, Logger log) {
    this.setup = setup;
    this.starter = starter;
    this.effects = effects;
    this.log = log;
    this.abandoned = new AbandonedThreads(setup.settings().cpuSpareThreads());
    this.backoff = setup.backoff();
  }

  /** Tasks that arrived and have not ended. */
  int inFlight() {
    return slots.size() + queue.size();
  }

  /** Tasks at once: the configured capacity less runners lost to abandoned threads. */
  int capacity() {
    return Math.max(0, setup.capacity() - abandoned.lostRunners());
  }

  /** Starts what fits, queues what fits in the queue (as many as the capacity), fails the rest. */
  void assign(String jobId, List<TaskSpec> tasks, ActorRef<ResultProtocol.Command> resultsTo) {
    for (TaskSpec spec : tasks) {
      if (slots.size() < capacity()) {
        begin(jobId, spec, resultsTo);
      } else if (queue.size() < setup.capacity()) {
        queue.add(new Queued(jobId, spec, resultsTo));
      } else {
        log.error("Job {} task {}: {} lane over capacity, more tasks than credit", jobId, spec.id(), setup.lane());
        report(jobId, resultsTo, new TaskOutcome(spec.index(), TaskStatus.FAILED, null, "lane over capacity", 0, null));
      }
    }
  }

  /** Queued tasks of the job report cancelled; running attempts are stopped. */
  void cancelJob(String jobId) {
    queue.removeIf(queued -> {
      boolean ofJob = queued.jobId().equals(jobId);
      if (ofJob) {
        report(jobId, queued.resultsTo(), new TaskOutcome(queued.spec().index(), TaskStatus.CANCELLED, null, "cancelled", 0, null));
      }
      return ofJob;
    });
    List<Slot> ofJob = slots.values().stream().filter(slot -> slot.jobId.equals(jobId)).toList();
    for (Slot slot : ofJob) {
      switch (slot.phase) {
        case Running running -> stop(slot, running.token(), running.attempt(), TaskStatus.CANCELLED);
        case Stopping stopping -> stop(slot, stopping.token(), stopping.attempt(), TaskStatus.CANCELLED);
        case WaitingToRetry waiting -> finish(slot, TaskStatus.CANCELLED, null, "cancelled");
      }
    }
    log.debug("Job {}: cancelled {} running task(s) on the {} lane", jobId, ofJob.size(), setup.lane().wireName());
  }

  void attemptEnded(long slotId, long token, JsonNode output, Throwable failure) {
    Slot slot = slots.get(slotId);
    AttemptPhase phase = slot == null ? null : slot.current(token);
    switch (phase) {
      case null -> threadReturned(token); // a late completion of a stopped attempt
      case Running running -> {
        cancelTimer(slot);
        slot.lastThread = running.attempt().thread();
        if (failure == null) {
          succeeded(slot, output);
        } else if (cause(failure) instanceof TaskFailedPermanently) {
          log.debug("Job {} task {}: attempt {} failed for good, no retry", slot.jobId, slot.spec.id(), slot.attempts);
          finish(slot, TaskStatus.FAILED, null, errorText(failure));
        } else {
          attemptFailed(slot, TaskStatus.FAILED, errorText(failure));
        }
      }
      case Stopping stopping -> {
        cancelTimer(slot);
        slot.lastThread = stopping.attempt().thread();
        attemptStopped(slot, stopping.reason());
      }
      case WaitingToRetry waiting -> threadReturned(token); // never: a retry's token is no attempt's
    }
  }

  void timedOut(long slotId, long token) {
    Slot slot = slots.get(slotId);
    if (slot != null && slot.current(token) instanceof Running running) {
      stop(slot, token, running.attempt(), TaskStatus.TIMED_OUT);
    }
  }

  void retryDue(long slotId, long token) {
    Slot slot = slots.get(slotId);
    if (slot != null && slot.current(token) instanceof WaitingToRetry) {
      startAttempt(slot);
    }
  }

  /** A stopped attempt still holds its thread after {@code cpu.abandon-after}: abandon it. */
  void abandonDue(long slotId, long token) {
    Slot slot = slots.get(slotId);
    if (slot == null || !(slot.current(token) instanceof Stopping stopping) || stopping.attempt().done().isDone()) {
      return; // it let go meanwhile: its AttemptEnded is on the way
    }
    slot.lastThread = stopping.attempt().thread();
    int lostBefore = abandoned.lostRunners();
    abandoned.abandon(token, "job " + slot.jobId + " task " + slot.spec.id() + " on thread " + slot.lastThread);
    log.error("Job {} task {}: attempt {} ignored being stopped ({}) and still holds thread {} after {}: "
            + "thread abandoned ({} abandoned now), its runner goes to a fresh thread",
        slot.jobId, slot.spec.id(), slot.attempts, stopping.reason().wireName(), slot.lastThread,
        setup.settings().cpuAbandonAfter(), abandoned.count());
    capacityChanged(lostBefore);
    attemptStopped(slot, stopping.reason());
  }

  /** Stops every attempt (the lane is stopping, or hands its tasks back). */
  void stopAll() {
    slots.values().forEach(slot -> {
      cancelTimer(slot);
      RunningAttempt attempt = slot.attempt();
      if (attempt != null) {
        attempt.cancel();
      }
    });
  }

  /** Forgets every task: their jobs requeue them. */
  void clear() {
    slots.clear();
    queue.clear();
  }

  private void begin(String jobId, TaskSpec spec, ActorRef<ResultProtocol.Command> resultsTo) {
    Optional<TaskHandler> handler = setup.registry().find(spec.type());
    if (handler.isEmpty()) {
      String error = "unknown task type '" + spec.type() + "' on worker " + setup.worker();
      log.warn("Job {} task {}: {}", jobId, spec.id(), error);
      report(jobId, resultsTo, new TaskOutcome(spec.index(), TaskStatus.FAILED, null, error, 1, null));
      return;
    }
    Slot slot = new Slot(nextId++, jobId, spec, resultsTo, handler.get());
    slots.put(slot.id, slot);
    startAttempt(slot);
  }

  private void startAttempt(Slot slot) {
    slot.attempts++;
    long token = nextId++;
    AttemptContext context = new AttemptContext(slot.jobId, slot.spec, slot.attempts, setup);
    RunningAttempt attempt = starter.start(slot.handler, slot.spec.input(), context);
    slot.phase = new Running(token, attempt);
    effects.watch(slot.id, token, attempt);
    if (slot.spec.timeoutMs() > 0) {
      slot.timerPending = true;
      effects.timeoutAfter(slot.id, token, Duration.ofMillis(slot.spec.timeoutMs()));
    }
  }

  private void succeeded(Slot slot, JsonNode output) {
    long limit = setup.settings().maxOutputBytes();
    RawJson text;
    try {
      // written once, here: the coordinator carries these bytes to the results API as they are
      text = RawJson.ofAtMost(output, limit);
    } catch (RawJson.TooLarge tooLarge) {
      String error = "output of " + OutcomeSize.jsonBytes(output) + " bytes is over the limit of " + limit
          + " bytes (tasklane.worker.max-output-bytes)";
      log.warn("Job {} task {}: {}", slot.jobId, slot.spec.id(), error);
      finish(slot, TaskStatus.FAILED, null, error); // deterministic: no retry
      return;
    }
    finish(slot, TaskStatus.SUCCEEDED, text, null);
  }

  /**
   * Stops the attempt; a held thread keeps the slot until the attempt lets go, or until
   * {@code cpu.abandon-after} passes and the thread is abandoned.
   */
  private void stop(Slot slot, long token, RunningAttempt attempt, TaskStatus reason) {
    cancelTimer(slot);
    attempt.cancel();
    if (attempt.holdsThread()) {
      slot.phase = new Stopping(token, attempt, reason);
      slot.timerPending = true;
      effects.abandonAfter(slot.id, token, setup.settings().cpuAbandonAfter());
    } else {
      slot.lastThread = attempt.thread();
      attemptStopped(slot, reason); // a new phase or none: its completion, if any, is stale now
    }
  }

  /** A late completion: if its thread had been abandoned, the lane may have a runner back. */
  private void threadReturned(long token) {
    int lostBefore = abandoned.lostRunners();
    String what = abandoned.returned(token);
    if (what != null) {
      log.info("{} lane: the abandoned thread of {} returned ({} still abandoned)",
          setup.lane().wireName(), what, abandoned.count());
      capacityChanged(lostBefore);
      effects.runnerReturned();
    }
  }

  private void capacityChanged(int lostBefore) {
    int lost = abandoned.lostRunners();
    if (lost > lostBefore) {
      log.error("{} lane: {} abandoned threads, more than the {} spare threads: it runs at most {} tasks at once "
              + "until they return", setup.lane().wireName(), abandoned.count(),
          setup.settings().cpuSpareThreads(), capacity());
    } else if (lost < lostBefore) {
      log.info("{} lane: runs up to {} tasks at once again", setup.lane().wireName(), capacity());
    }
  }

  private void attemptStopped(Slot slot, TaskStatus reason) {
    if (reason == TaskStatus.CANCELLED) {
      finish(slot, TaskStatus.CANCELLED, null, "cancelled");
    } else {
      attemptFailed(slot, TaskStatus.TIMED_OUT, "timed out after " + slot.spec.timeoutMs() + "ms");
    }
  }

  private void attemptFailed(Slot slot, TaskStatus status, String error) {
    if (slot.attempts <= slot.spec.retries()) {
      Duration wait = backoff.after(slot.attempts);
      log.debug("Job {} task {}: attempt {} {} ({}), retrying in {}",
          slot.jobId, slot.spec.id(), slot.attempts, status.wireName(), error, wait);
      slot.phase = new WaitingToRetry(nextId++);
      slot.timerPending = true;
      effects.retryAfter(slot.id, slot.phase.token(), wait);
    } else {
      finish(slot, status, null, error);
    }
  }

  private void finish(Slot slot, TaskStatus status, RawJson output, String error) {
    slots.remove(slot.id);
    cancelTimer(slot);
    slot.noteThread();
    report(slot.jobId, slot.resultsTo, new TaskOutcome(slot.spec.index(), status, output, error, slot.attempts, slot.lastThread));
    while (slots.size() < capacity() && !queue.isEmpty()) {
      Queued next = queue.poll();
      begin(next.jobId(), next.spec(), next.resultsTo());
    }
  }

  /** Reports with the error cut to {@code max-error-chars}. */
  private void report(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
    String error = OutcomeSize.cut(outcome.error(), setup.settings().maxErrorChars());
    TaskOutcome cut = error == null || error.equals(outcome.error()) ? outcome
        : new TaskOutcome(outcome.index(), outcome.status(), outcome.output(), error, outcome.attempts(), outcome.thread());
    effects.report(jobId, resultsTo, cut);
  }

  private void cancelTimer(Slot slot) {
    if (slot.timerPending) {
      slot.timerPending = false;
      effects.cancelTimer(slot.id);
    }
  }

  /** The message of a failure's cause, or its class's name when it has none. */
  static String errorText(Throwable failure) {
    Throwable cause = cause(failure);
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /** The failure without the wrappers that futures put around it. */
  private static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
