package io.tasklane.worker.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol.AssignTasks;
import io.tasklane.protocol.dispatch.LaneProtocol.CancelJob;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;

/**
 * A lane (I/O or CPU): finds the broker and offers it credit, runs the tasks it is assigned in
 * its {@link Slots}, batches their outcomes to the result routers, and drains. Four phases:
 * {@link #serving()}, {@link #draining} (no more credit; the tasks in flight finish or the
 * deadline hands them back), {@link #confirming} (its last results sent, it waits for the routers
 * to confirm them journaled, so that its unregistration cannot overtake them and have its jobs
 * requeue finished tasks) and {@link #drained} (unregistered; late tasks are not run). A lane
 * supplies only how an attempt starts ({@link AttemptStarter}) and what to close when it stops.
 */
public final class TaskLane {

  /** How a lane starts one attempt of a handler. */
  @FunctionalInterface
  public interface AttemptStarter {
    RunningAttempt start(TaskHandler handler, JsonNode input, AttemptContext context);
  }

  private sealed interface Internal extends LaneProtocol.Command, NoSerializationVerificationNeeded {}

  private record BrokersChanged(Set<ActorRef<BrokerProtocol.Command>> brokers) implements Internal {}

  private record RoutersChanged(Set<ActorRef<ResultProtocol.Command>> routers) implements Internal {}

  private record AttemptEnded(long slotId, long token, JsonNode output, Throwable failure) implements Internal {}

  private record AttemptTimedOut(long slotId, long token) implements Internal {}

  private record AbandonDue(long slotId, long token) implements Internal {}

  private record RetryDue(long slotId, long token) implements Internal {}

  private enum Flush implements Internal {
    INSTANCE
  }

  private enum DrainDeadline implements Internal {
    INSTANCE
  }

  private enum ConfirmDeadline implements Internal {
    INSTANCE
  }

  private final ActorContext<LaneProtocol.Command> context;
  private final TimerScheduler<LaneProtocol.Command> timers;
  private final LaneSetup setup;
  private final Runnable onStop;
  private final Logger log;
  private final Slots slots;
  private final OutcomeBuffer outcomes;
  private final BrokerLink brokerLink;
  private boolean flushPending;
  private boolean heldWarned;

  /**
   * @param onStop closes what the lane's attempts ran on (called after they are stopped)
   */
  public static Behavior<LaneProtocol.Command> create(LaneSetup setup, AttemptStarter starter, Runnable onStop) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new TaskLane(context, timers, setup, starter, onStop).serving()));
  }

  private TaskLane(ActorContext<LaneProtocol.Command> context, TimerScheduler<LaneProtocol.Command> timers,
      LaneSetup setup, AttemptStarter starter, Runnable onStop) {
    this.context = context;
    this.timers = timers;
    this.setup = setup;
    this.onStop = onStop;
    this.log = context.getLog();
    this.slots = new Slots(setup, starter, new Effects(), log);
    this.outcomes = new OutcomeBuffer(setup.worker(), setup.lane(), setup.settings().resultBatchMax(),
        setup.settings().resultBatchMaxBytes(), log);
    this.brokerLink = new BrokerLink(setup, context.getSelf(), log,
        ((org.apache.pekko.actor.ExtendedActorSystem) org.apache.pekko.actor.typed.javadsl.Adapter
            .toClassic(context.getSystem())).uid());
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, TaskLane::listingChanged);
    context.getSystem().receptionist().tell(Receptionist.subscribe(BrokerProtocol.SERVICE_KEY, listings));
    context.getSystem().receptionist().tell(Receptionist.subscribe(ResultProtocol.SERVICE_KEY, listings));
    ActorRef<LaneProtocol.Command> self = context.getSelf();
    setup.measuring().choices().listen(self, () -> self.tell(TypesChanged.INSTANCE));
  }

  private static Internal listingChanged(Receptionist.Listing listing) {
    if (listing.isForKey(ResultProtocol.SERVICE_KEY)) {
      return new RoutersChanged(listing.getServiceInstances(ResultProtocol.SERVICE_KEY));
    }
    return new BrokersChanged(listing.getServiceInstances(BrokerProtocol.SERVICE_KEY));
  }

  // ---- phases

  /** Offers credit and runs what it is assigned. */
  private Behavior<LaneProtocol.Command> serving() {
    return runningTasks(Behaviors::same)
        .onMessage(AssignTasks.class, this::onAssignTasks)
        .onMessage(Drain.class, this::onDrain)
        .build();
  }

  /** Offers no more credit; still runs what was granted before. Drained once nothing is in flight. */
  private Behavior<LaneProtocol.Command> draining(List<ActorRef<Drained>> waiting) {
    return runningTasks(() -> slots.inFlight() == 0 ? completeDrain(waiting, 0) : Behaviors.same())
        .onMessage(AssignTasks.class, this::onAssignTasks)
        .onMessage(Drain.class, drain -> onDrainAgain(waiting, drain))
        .onMessage(DrainDeadline.class, deadline -> completeDrain(waiting, slots.inFlight()))
        .build();
  }

  /**
   * Nothing in flight, its last results sent: waits (up to drain-results-timeout) for their
   * routers to confirm them journaled ({@code awaited}: answers per job), then unregisters.
   * Tasks that still arrive are not run: its jobs requeue them when it unregisters.
   */
  private Behavior<LaneProtocol.Command> confirming(List<ActorRef<Drained>> waiting, int handedBack,
      Map<String, Integer> awaited) {
    return runningTasks(Behaviors::same)
        .onMessage(AssignTasks.class, this::onAssignTasksAfterDrain)
        .onMessage(Drain.class, drain -> onDrainAgain(waiting, drain))
        .onMessage(LaneProtocol.ResultsRecorded.class, recorded -> {
          awaited.computeIfPresent(recorded.jobId(), (job, left) -> left > 1 ? left - 1 : null);
          return awaited.isEmpty() ? unregister(waiting, handedBack) : Behaviors.same();
        })
        .onMessage(ConfirmDeadline.class, deadline -> {
          log.warn("{} lane of {}: results of jobs {} not confirmed journaled within {}: unregistering anyway "
              + "(those jobs may run some of its finished tasks again)", setup.lane().wireName(), setup.worker(),
              awaited.keySet(), setup.settings().drainResultsTimeout());
          return unregister(waiting, handedBack);
        })
        .build();
  }

  /** Unregistered: tasks that still arrive are not run (their jobs requeue them). */
  private Behavior<LaneProtocol.Command> drained(Drained result) {
    return runningTasks(Behaviors::same)
        .onMessage(AssignTasks.class, this::onAssignTasksAfterDrain)
        .onMessage(Drain.class, drain -> onDrainAfterDrain(result, drain))
        .build();
  }

  /** What every phase does: cancels, attempts, timers, results. {@code next} follows each. */
  private BehaviorBuilder<LaneProtocol.Command> runningTasks(Supplier<Behavior<LaneProtocol.Command>> next) {
    return Behaviors.receive(LaneProtocol.Command.class)
        .onMessage(CancelJob.class, cancel -> then(() -> slots.cancelJob(cancel.jobId()), next))
        .onMessage(AttemptEnded.class, m -> then(() -> slots.attemptEnded(m.slotId(), m.token(), m.output(), m.failure()), next))
        .onMessage(AttemptTimedOut.class, m -> then(() -> slots.timedOut(m.slotId(), m.token()), next))
        .onMessage(AbandonDue.class, m -> then(() -> slots.abandonDue(m.slotId(), m.token()), next))
        .onMessage(RetryDue.class, m -> then(() -> slots.retryDue(m.slotId(), m.token()), next))
        .onMessage(BrokersChanged.class, this::onBrokersChanged)
        .onMessage(TypesChanged.class, changed -> then(brokerLink::typesChanged, next))
        .onMessage(RoutersChanged.class, this::onRoutersChanged)
        .onMessage(Flush.class, this::onFlush)
        .onSignal(PostStop.class, this::onStopped)
        // a supervised restart (restart with backoff) runs setup again with new executors: the old ones close here
        .onSignal(PreRestart.class, this::onStopped);
  }

  private static Behavior<LaneProtocol.Command> then(Runnable handler, Supplier<Behavior<LaneProtocol.Command>> next) {
    handler.run();
    return next.get();
  }

  // ---- tasks and credit

  private Behavior<LaneProtocol.Command> onAssignTasks(AssignTasks assign) {
    brokerLink.used(assign.tasks().size());
    slots.assign(assign.jobId(), assign.tasks(), assign.resultsTo());
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onAssignTasksAfterDrain(AssignTasks assign) {
    log.warn("Job {}: {} task(s) arrived after the {} lane drained: not run, its job requeues them",
        assign.jobId(), assign.tasks().size(), setup.lane().wireName());
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onBrokersChanged(BrokersChanged changed) {
    brokerLink.brokersChanged(changed.brokers(), slots.capacity(), busy());
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onRoutersChanged(RoutersChanged changed) {
    outcomes.routersChanged(changed.routers());
    if (outcomes.hasRouter()) {
      heldWarned = false;
      flush();
    }
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onFlush(Flush flush) {
    flushPending = false;
    flush();
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onStopped(Signal stopped) {
    slots.stopAll();
    onStop.run();
    return Behaviors.same();
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
    brokerLink.offerFree(slots.capacity(), busy());
  }

  /** Slots not free for credit: tasks in flight and outcomes not sent yet (held: no router). */
  private int busy() {
    return slots.inFlight() + outcomes.size();
  }

  // ---- draining

  private Behavior<LaneProtocol.Command> onDrain(Drain drain) {
    log.info("{} lane of {}: draining: {} tasks in flight, waiting up to {}",
        setup.lane().wireName(), setup.worker(), slots.inFlight(), setup.settings().drainTimeout());
    brokerLink.close();
    List<ActorRef<Drained>> waiting = new ArrayList<>(List.of(drain.replyTo()));
    if (slots.inFlight() == 0) {
      return completeDrain(waiting, 0);
    }
    timers.startSingleTimer(DrainDeadline.INSTANCE, setup.settings().drainTimeout());
    return draining(waiting);
  }

  private Behavior<LaneProtocol.Command> onDrainAgain(List<ActorRef<Drained>> waiting, Drain drain) {
    waiting.add(drain.replyTo());
    return Behaviors.same();
  }

  private Behavior<LaneProtocol.Command> onDrainAfterDrain(Drained result, Drain drain) {
    drain.replyTo().tell(result);
    return Behaviors.same();
  }

  /**
   * Sends the results, stops what is left (the jobs requeue it), and asks the routers it sent
   * results to to confirm them journaled; unregisters once they did (or at once if it sent none).
   */
  private Behavior<LaneProtocol.Command> completeDrain(List<ActorRef<Drained>> waiting, int handedBack) {
    timers.cancel(DrainDeadline.INSTANCE);
    flush();
    if (!outcomes.isEmpty()) {
      log.warn("{} lane: {} outcome(s) not delivered: no result router is listed", setup.lane().wireName(), outcomes.size());
    }
    if (handedBack > 0) {
      slots.stopAll(); // their outcomes are dropped: the slots are gone, the jobs requeue the tasks
      slots.clear();
      log.warn("{} lane of {}: drain deadline passed: {} tasks handed back",
          setup.lane().wireName(), setup.worker(), handedBack);
    }
    Map<String, Integer> awaited = outcomes.confirmSent(context.getSelf());
    if (awaited.isEmpty()) {
      return unregister(waiting, handedBack);
    }
    log.info("{} lane of {}: waiting up to {} for the results of {} job(s) to be journaled before unregistering",
        setup.lane().wireName(), setup.worker(), setup.settings().drainResultsTimeout(), awaited.size());
    timers.startSingleTimer(ConfirmDeadline.INSTANCE, setup.settings().drainResultsTimeout());
    return confirming(waiting, handedBack, awaited);
  }

  /** Tells the broker the lane is gone (its jobs requeue what it still had) and answers the drain. */
  private Behavior<LaneProtocol.Command> unregister(List<ActorRef<Drained>> waiting, int handedBack) {
    timers.cancel(ConfirmDeadline.INSTANCE);
    brokerLink.unregister();
    log.info("{} lane of {}: drained", setup.lane().wireName(), setup.worker());
    Drained result = new Drained(setup.lane(), handedBack);
    waiting.forEach(replyTo -> replyTo.tell(result));
    return drained(result);
  }

  /** What the slots ask of the lane, called on this actor's thread. */
  private final class Effects implements Slots.Effects {

    @Override
    public void watch(long slotId, long token, RunningAttempt attempt) {
      context.pipeToSelf(attempt.done(), (output, failure) -> new AttemptEnded(slotId, token, output, failure));
    }

    @Override
    public void timeoutAfter(long slotId, long token, Duration after) {
      timers.startSingleTimer(slotId, new AttemptTimedOut(slotId, token), after);
    }

    @Override
    public void abandonAfter(long slotId, long token, Duration after) {
      timers.startSingleTimer(slotId, new AbandonDue(slotId, token), after);
    }

    @Override
    public void retryAfter(long slotId, long token, Duration after) {
      timers.startSingleTimer(slotId, new RetryDue(slotId, token), after);
    }

    @Override
    public void cancelTimer(long slotId) {
      timers.cancel(slotId);
    }

    @Override
    public void report(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
      if (outcomes.add(jobId, resultsTo, outcome)) {
        flush();
      } else if (!flushPending) {
        flushPending = true;
        context.getSelf().tell(Flush.INSTANCE);
      }
    }

    @Override
    public void runnerReturned() {
      offerFree();
    }
  }
}
