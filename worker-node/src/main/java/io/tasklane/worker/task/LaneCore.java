package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskHandler;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;

/**
 * What both lanes share, as a plain class owned by the lane actor and called only on its
 * thread: finding the broker and offering credit, slots and the overflow queue, attempts with
 * timeouts and retries, cancellation, abandoning threads that ignore a stop, batching outcomes
 * to the result routers, and draining. A lane supplies only how an attempt starts
 * ({@link AttemptStarter}).
 */
public final class LaneCore {

  /** How a lane starts one attempt of a handler. */
  @FunctionalInterface
  public interface AttemptStarter {
    RunningAttempt start(TaskHandler handler, JsonNode input, AttemptContext context);
  }

  /** The lane's private messages; the lane actor routes them to {@link #onInternal}. */
  public sealed interface Internal extends LaneProtocol.Command, NoSerializationVerificationNeeded {}

  private record BrokersChanged(Set<ActorRef<BrokerProtocol.Command>> brokers) implements Internal {}

  private record RoutersChanged(Set<ActorRef<ResultProtocol.Command>> routers) implements Internal {}

  private record AttemptEnded(long slotId, long token, JsonNode output, Throwable failure)
      implements Internal {}

  private record AttemptTimedOut(long slotId, long token) implements Internal {}

  private record AbandonDue(long slotId, long token) implements Internal {}

  private record RetryDue(long slotId, long token) implements Internal {}

  private enum Flush implements Internal {
    INSTANCE
  }

  private enum DrainDeadline implements Internal {
    INSTANCE
  }

  private record Queued(String jobId, TaskSpec spec, ActorRef<ResultProtocol.Command> resultsTo) {}

  private final ActorContext<LaneProtocol.Command> context;
  private final LaneSetup setup;
  private final AttemptStarter starter;
  private final Logger log;
  private final Map<Long, Slot> slots = new HashMap<>();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final OutcomeBuffer outcomes;
  private final BrokerLink brokerLink;
  private final AbandonedThreads abandoned;
  private final LaneDrainer drainer;
  private long nextId;
  private boolean flushPending;
  private boolean heldWarned;

  public LaneCore(ActorContext<LaneProtocol.Command> context, LaneSetup setup, AttemptStarter starter) {
    this.context = context;
    this.setup = setup;
    this.starter = starter;
    this.log = context.getLog();
    this.outcomes = new OutcomeBuffer(setup.worker(), setup.lane(), setup.settings().resultBatchMax(),
        setup.settings().resultBatchMaxBytes(), log);
    this.brokerLink = new BrokerLink(setup, context.getSelf(), log);
    this.abandoned = new AbandonedThreads(setup.settings().cpuSpareThreads());
    this.drainer = new LaneDrainer(setup, log);
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, LaneCore::listingChanged);
    context.getSystem().receptionist().tell(Receptionist.subscribe(BrokerProtocol.SERVICE_KEY, listings));
    context.getSystem().receptionist().tell(Receptionist.subscribe(ResultProtocol.SERVICE_KEY, listings));
  }

  private static Internal listingChanged(Receptionist.Listing listing) {
    if (listing.isForKey(ResultProtocol.SERVICE_KEY)) {
      return new RoutersChanged(listing.getServiceInstances(ResultProtocol.SERVICE_KEY));
    }
    return new BrokersChanged(listing.getServiceInstances(BrokerProtocol.SERVICE_KEY));
  }

  // ---- messages

  public Behavior<LaneProtocol.Command> onAssignTasks(LaneProtocol.AssignTasks assign) {
    if (drainer.isDrained()) {
      log.warn("Job {}: {} task(s) arrived after the {} lane drained: not run, its job requeues them",
          assign.jobId(), assign.tasks().size(), setup.lane().wireName());
      return Behaviors.same();
    }
    brokerLink.used(assign.tasks().size());
    for (TaskSpec spec : assign.tasks()) {
      if (slots.size() < capacity()) {
        begin(assign.jobId(), spec, assign.resultsTo());
      } else if (queue.size() < setup.capacity()) {
        queue.add(new Queued(assign.jobId(), spec, assign.resultsTo()));
      } else {
        log.error("Job {} task {}: {} lane over capacity, more tasks than credit", assign.jobId(), spec.id(), setup.lane());
        report(assign.jobId(), assign.resultsTo(), new TaskOutcome(spec.index(), TaskStatus.FAILED, null, "lane over capacity", 0, null));
      }
    }
    return Behaviors.same();
  }

  public Behavior<LaneProtocol.Command> onCancelJob(LaneProtocol.CancelJob cancel) {
    String jobId = cancel.jobId();
    queue.removeIf(queued -> {
      boolean ofJob = queued.jobId().equals(jobId);
      if (ofJob) {
        report(jobId, queued.resultsTo(), new TaskOutcome(queued.spec().index(), TaskStatus.CANCELLED, null, "cancelled", 0, null));
      }
      return ofJob;
    });
    List<Slot> ofJob = slots.values().stream().filter(slot -> slot.jobId.equals(jobId)).toList();
    for (Slot slot : ofJob) {
      if (slot.running != null) {
        stop(slot, TaskStatus.CANCELLED);
      } else {
        finish(slot, TaskStatus.CANCELLED, "cancelled");
      }
    }
    log.debug("Job {}: cancelled {} running task(s) on the {} lane", jobId, ofJob.size(), setup.lane().wireName());
    checkDrained();
    return Behaviors.same();
  }

  public Behavior<LaneProtocol.Command> onDrain(Drain drain) {
    if (drainer.start(drain.replyTo(), inFlight())) {
      brokerLink.close();
      if (inFlight() == 0) {
        completeDrain(0);
      } else {
        drainer.deadline(context.scheduleOnce(
            setup.settings().drainTimeout(), context.getSelf(), DrainDeadline.INSTANCE));
      }
    }
    return Behaviors.same();
  }

  public Behavior<LaneProtocol.Command> onInternal(Internal message) {
    switch (message) {
      case BrokersChanged m -> brokerLink.brokersChanged(m.brokers(), capacity(), busy());
      case RoutersChanged m -> onRoutersChanged(m);
      case AttemptEnded m -> onAttemptEnded(m);
      case AttemptTimedOut m -> onAttemptTimedOut(m);
      case AbandonDue m -> onAbandonDue(m);
      case RetryDue m -> onRetryDue(m);
      case Flush f -> onFlush();
      case DrainDeadline d -> onDrainDeadline();
    }
    return Behaviors.same();
  }

  /** Stops every attempt (the lane is stopping). */
  public void stopAll() {
    slots.values().forEach(slot -> {
      slot.cancelTimer();
      if (slot.running != null) {
        slot.running.cancel();
      }
    });
  }

  private void onRoutersChanged(RoutersChanged changed) {
    outcomes.routersChanged(changed.routers());
    if (outcomes.hasRouter()) {
      heldWarned = false;
      flush();
    }
  }

  private void onAttemptEnded(AttemptEnded ended) {
    Slot slot = slots.get(ended.slotId());
    if (slot == null || slot.token != ended.token()) {
      threadReturned(ended.token());
      return; // a late completion of a stopped attempt
    }
    slot.cancelTimer();
    slot.thread = slot.running.thread();
    slot.running = null;
    if (slot.stopping != null) {
      attemptStopped(slot, slot.stopping);
    } else if (ended.failure() == null) {
      succeeded(slot, ended.output());
    } else {
      attemptFailed(slot, TaskStatus.FAILED, errorText(ended.failure()));
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
      finish(slot, TaskStatus.FAILED, error); // deterministic: no retry
      return;
    }
    finish(slot, TaskStatus.SUCCEEDED, text, null);
  }

  private void onAttemptTimedOut(AttemptTimedOut timedOut) {
    Slot slot = slots.get(timedOut.slotId());
    if (slot == null || slot.token != timedOut.token() || slot.running == null || slot.stopping != null) {
      return;
    }
    slot.timer = null;
    stop(slot, TaskStatus.TIMED_OUT);
  }

  private void onRetryDue(RetryDue due) {
    Slot slot = slots.get(due.slotId());
    if (slot != null && slot.token == due.token() && slot.running == null) {
      slot.timer = null;
      startAttempt(slot);
    }
  }

  private void onFlush() {
    flushPending = false;
    flush();
  }

  // ---- slots and attempts

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
    slot.attempt++;
    slot.token = nextId++;
    slot.stopping = null;
    long token = slot.token;
    AttemptContext attemptContext = new AttemptContext(slot.spec.id(), slot.attempt, setup.services());
    RunningAttempt attempt = starter.start(slot.handler, slot.spec.input(), attemptContext);
    slot.running = attempt;
    context.pipeToSelf(attempt.done(), (output, failure) -> new AttemptEnded(slot.id, token, output, failure));
    if (slot.spec.timeoutMs() > 0) {
      slot.timer = context.scheduleOnce(
          Duration.ofMillis(slot.spec.timeoutMs()), context.getSelf(), new AttemptTimedOut(slot.id, token));
    }
  }

  /**
   * Stops the running attempt; a held thread keeps the slot until the attempt lets go, or
   * until {@code cpu.abandon-after} passes and the thread is abandoned.
   */
  private void stop(Slot slot, TaskStatus reason) {
    RunningAttempt attempt = slot.running;
    slot.cancelTimer();
    slot.stopping = reason;
    attempt.cancel();
    if (!attempt.holdsThread()) {
      slot.thread = attempt.thread();
      slot.running = null;
      slot.token = nextId++; // its completion, if any, is stale now
      attemptStopped(slot, reason);
    } else {
      slot.timer = context.scheduleOnce(
          setup.settings().cpuAbandonAfter(), context.getSelf(), new AbandonDue(slot.id, slot.token));
    }
  }

  private void onAbandonDue(AbandonDue due) {
    Slot slot = slots.get(due.slotId());
    if (slot == null || slot.token != due.token() || slot.running == null || slot.stopping == null
        || slot.running.done().isDone()) {
      return; // it let go meanwhile: its AttemptEnded is on the way
    }
    slot.timer = null;
    slot.thread = slot.running.thread();
    slot.running = null;
    int lostBefore = abandoned.lostRunners();
    abandoned.abandon(slot.token, "job " + slot.jobId + " task " + slot.spec.id() + " on thread " + slot.thread);
    log.error("Job {} task {}: attempt {} ignored being stopped ({}) and still holds thread {} after {}: "
            + "thread abandoned ({} abandoned now), its runner goes to a fresh thread",
        slot.jobId, slot.spec.id(), slot.attempt, slot.stopping.wireName(), slot.thread,
        setup.settings().cpuAbandonAfter(), abandoned.count());
    capacityChanged(lostBefore);
    attemptStopped(slot, slot.stopping);
  }

  /** A late completion: if its thread had been abandoned, the lane may have a runner back. */
  private void threadReturned(long token) {
    int lostBefore = abandoned.lostRunners();
    String what = abandoned.returned(token);
    if (what != null) {
      log.info("{} lane: the abandoned thread of {} returned ({} still abandoned)",
          setup.lane().wireName(), what, abandoned.count());
      capacityChanged(lostBefore);
      offerFree();
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
      finish(slot, TaskStatus.CANCELLED, "cancelled");
    } else {
      attemptFailed(slot, TaskStatus.TIMED_OUT, "timed out after " + slot.spec.timeoutMs() + "ms");
    }
  }

  private void attemptFailed(Slot slot, TaskStatus status, String error) {
    if (slot.attempt <= slot.spec.retries()) {
      Duration wait = setup.backoff().after(slot.attempt);
      log.debug("Job {} task {}: attempt {} {} ({}), retrying in {}", slot.jobId, slot.spec.id(), slot.attempt, status.wireName(), error, wait);
      slot.token = nextId++;
      slot.stopping = null;
      slot.timer = context.scheduleOnce(wait, context.getSelf(), new RetryDue(slot.id, slot.token));
    } else {
      finish(slot, status, error);
    }
  }

  private void finish(Slot slot, TaskStatus status, String error) {
    finish(slot, status, null, error);
  }

  private void finish(Slot slot, TaskStatus status, RawJson output, String error) {
    slots.remove(slot.id);
    slot.cancelTimer();
    if (slot.running != null) {
      slot.thread = slot.running.thread();
      slot.running = null;
    }
    String thread = slot.thread;
    report(slot.jobId, slot.resultsTo, new TaskOutcome(slot.spec.index(), status, output, error, slot.attempt, thread));
    while (slots.size() < capacity() && !queue.isEmpty()) {
      Queued next = queue.poll();
      begin(next.jobId(), next.spec(), next.resultsTo());
    }
    checkDrained();
  }

  // ---- draining

  private void checkDrained() {
    if (drainer.isDraining() && inFlight() == 0) {
      completeDrain(0);
    }
  }

  private void onDrainDeadline() {
    if (drainer.isDraining()) {
      completeDrain(inFlight());
    }
  }

  /** Sends the results, unregisters (the jobs requeue what is left), stops what is left. */
  private void completeDrain(int handedBack) {
    flush();
    if (!outcomes.isEmpty()) {
      log.warn("{} lane: {} outcome(s) not delivered: no result router is listed", setup.lane().wireName(), outcomes.size());
    }
    brokerLink.unregister();
    if (handedBack > 0) {
      stopAll(); // their outcomes are dropped: the slots are gone, the jobs requeue the tasks
      slots.clear();
      queue.clear();
    }
    drainer.complete(handedBack);
  }

  // ---- results and credit

  private void report(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
    String error = OutcomeSize.cut(outcome.error(), setup.settings().maxErrorChars());
    TaskOutcome cut = error == null || error.equals(outcome.error()) ? outcome
        : new TaskOutcome(outcome.index(), outcome.status(), outcome.output(), error, outcome.attempts(), outcome.thread());
    if (outcomes.add(jobId, resultsTo, cut)) {
      flush();
    } else if (!flushPending) {
      flushPending = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
  }

  private void flush() {
    if (outcomes.isEmpty()) {
      return;
    }
    outcomes.flush();
    if (!outcomes.isEmpty() && !heldWarned) {
      heldWarned = true;
      log.warn("{} lane: no result router is listed, holding {} outcome(s) (and their slots' credit) until one is",
          setup.lane().wireName(), outcomes.size());
    }
    offerFree();
  }

  private void offerFree() {
    brokerLink.offerFree(capacity(), busy());
  }

  /** Tasks that arrived and have not ended. */
  private int inFlight() {
    return slots.size() + queue.size();
  }

  /** Slots not free for credit: tasks in flight and outcomes not sent yet (held: no router). */
  private int busy() {
    return inFlight() + outcomes.size();
  }

  /** Tasks at once: the configured capacity less runners lost to abandoned threads. */
  private int capacity() {
    return Math.max(0, setup.capacity() - abandoned.lostRunners());
  }

  static String errorText(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
