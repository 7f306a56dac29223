package io.tasklane.coordinator.job;

import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.BrokerProtocol.GrantUsed;
import io.tasklane.protocol.dispatch.BrokerProtocol.JobHasWork;
import io.tasklane.protocol.dispatch.BrokerProtocol.TasksPulled;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.AppendTasks;
import io.tasklane.protocol.dispatch.JobProtocol.Appended;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitEnd;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitTasks;
import io.tasklane.protocol.dispatch.JobProtocol.CancelJob;
import io.tasklane.protocol.dispatch.JobProtocol.CloseJob;
import io.tasklane.protocol.dispatch.JobProtocol.FollowResults;
import io.tasklane.protocol.dispatch.JobProtocol.GetJob;
import io.tasklane.protocol.dispatch.JobProtocol.GetResults;
import io.tasklane.protocol.dispatch.JobProtocol.Grant;
import io.tasklane.protocol.dispatch.JobProtocol.JobLookup;
import io.tasklane.protocol.dispatch.JobProtocol.LaneLost;
import io.tasklane.protocol.dispatch.JobProtocol.PullTasks;
import io.tasklane.protocol.dispatch.JobProtocol.RecordResults;
import io.tasklane.protocol.dispatch.JobProtocol.Resume;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.SubmitJob;
import io.tasklane.protocol.dispatch.JobProtocol.TasksEnded;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job: a sharded, event-sourced entity. Its {@link JobLedger} is what the journal decides
 * (the spec, appends, results, its {@link JobPhase}); its {@link JobRuntime} what is queued, in
 * flight and waiting, rebuilt on recovery, so a recovered job queues again every task without a
 * result. Tasks leave only when the broker lends worker credit ({@link PullTasks}), straight to
 * the worker lane. The command handler has one part per phase: not submitted, open, running
 * (closed), ended (cancelled included), then what every submitted job answers alike.
 */
public final class JobEntity extends EventSourcedBehavior<JobProtocol.Command, JobEvent, JobEntity.State> {

  public static final EntityTypeKey<JobProtocol.Command> TYPE_KEY =
      EntityTypeKey.create(JobProtocol.Command.class, "tasklane-job");

  /** The job's state; both parts are null until the job is submitted. */
  public static final class State {
    JobLedger ledger;
    JobRuntime runtime;
  }

  private enum Idle implements JobProtocol.Command {
    INSTANCE
  }

  /** An open job took no append for open-idle: it is closed. */
  private enum OpenIdle implements JobProtocol.Command {
    INSTANCE
  }

  /** Time to answer followers that have waited {@code results-follow-park} with an empty page. */
  private enum SweepFollowers implements JobProtocol.Command {
    INSTANCE
  }

  private final String jobId;
  private final ActorContext<JobProtocol.Command> context;
  private final TimerScheduler<JobProtocol.Command> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final JobOutbox out;
  private final CoordinatorSettings settings;
  private final JobAnswers answers;
  private final JobMetrics metrics;

  /**
   * @param index the job index (to unlist a job that was listed but never submitted)
   */
  public static Behavior<JobProtocol.Command> create(
      String jobId,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<ResultProtocol.Command> resultsTo,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      RecipientRef<JobIndexProtocol.Command> index,
      CoordinatorSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobEntity(jobId, context, timers, shard,
        new JobOutbox(jobId, broker, resultsTo, indexWriter, index), settings)));
  }

  private JobEntity(String jobId, ActorContext<JobProtocol.Command> context, TimerScheduler<JobProtocol.Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard, JobOutbox out, CoordinatorSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), jobId));
    this.jobId = jobId;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.out = out;
    this.settings = settings;
    this.answers = new JobAnswers(settings.resultsPage(), settings.maxMessageBytes());
    this.metrics = new JobMetrics(Metrics.get(context.getSystem()));
  }

  /** Jobs are never snapshotted: recovery skips asking the snapshot store (one query less). */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public CommandHandler<JobProtocol.Command, JobEvent, State> commandHandler() {
    var builder = newCommandHandlerBuilder();
    builder.forState(state -> state.ledger == null)
        .onCommand(SubmitJob.class, this::onSubmit)
        .onCommand(GetJob.class, (state, get) -> unknown(get.replyTo(), new JobLookup(null)))
        .onCommand(CancelJob.class, (state, cancel) -> unknown(cancel.replyTo(), new JobLookup(null)))
        .onCommand(GetResults.class, (state, get) -> unknown(get.replyTo(), new ResultsPage("", 0, 0, true)))
        .onCommand(FollowResults.class, (state, follow) -> unknown(follow.replyTo(), new ResultsPage("", 0, 0, true)))
        .onCommand(PullTasks.class, (state, pull) -> unknown(pull.broker(), out.pulledNothing(pull)))
        .onCommand(AppendTasks.class, (state, append) -> unknown(append.replyTo(), new Appended(null, 0, 0, null, false)))
        .onCommand(CloseJob.class, (state, close) -> unknown(close.replyTo(), new JobLookup(null)))
        .onCommand(AwaitTasks.class, (state, await) -> unknown(await.replyTo(), new TasksEnded("", false)))
        .onCommand(Resume.class, this::onResumeUnsubmitted)
        .onAnyCommand(command -> Effect().none().thenRun(s -> passivate()));
    builder.forState(state -> state.ledger.phase() == JobPhase.OPEN)
        .onCommand(CloseJob.class, this::onClose)
        .onCommand(OpenIdle.class, this::onOpenIdle)
        .onCommand(CancelJob.class, this::onCancelOpen);
    builder.forState(state -> state.ledger.phase() == JobPhase.RUNNING)
        .onCommand(CancelJob.class, this::onCancel);
    builder.forState(state -> !state.ledger.isEnded())
        .onCommand(PullTasks.class, this::onPullTasks)
        .onCommand(RecordResults.class, this::onRecordResults)
        .onCommand(LaneLost.class, this::onLaneLost)
        .onCommand(AwaitEnd.class, this::onAwaitEnd)
        .onCommand(Resume.class, (state, resume) -> effects(() -> announceWork(state)));
    builder.forState(state -> state.ledger.isEnded())
        .onCommand(PullTasks.class, (state, pull) -> effects(() -> pull.broker().tell(out.pulledNothing(pull))))
        .onCommand(RecordResults.class, (state, record) -> Effect().reply(record.replyTo(), Done.getInstance()))
        .onCommand(AwaitEnd.class, (state, await) -> effects(() -> await.replyTo().tell(endedOf(state))))
        .onCommand(Resume.class, (state, resume) -> effects(() -> out.noteEnded(state.ledger)));
    builder.forAnyState()
        .onCommand(SubmitJob.class, this::onSubmitAgain)
        .onCommand(GetJob.class, (state, get) -> Effect().reply(get.replyTo(), new JobLookup(statusOf(state))))
        .onCommand(GetResults.class, (state, get) -> Effect().reply(get.replyTo(), answers.page(state.ledger, get)))
        .onCommand(FollowResults.class, this::onFollowResults)
        .onCommand(SweepFollowers.class, this::onSweepFollowers)
        .onCommand(AwaitTasks.class, this::onAwaitTasks)
        .onCommand(AppendTasks.class, this::onAppend)
        .onCommand(CloseJob.class, (state, close) -> Effect().reply(close.replyTo(), new JobLookup(statusOf(state))))
        .onCommand(CancelJob.class, (state, cancel) -> Effect().reply(cancel.replyTo(), new JobLookup(statusOf(state))))
        .onCommand(LaneLost.class, (state, lost) -> Effect().none())
        .onCommand(OpenIdle.class, (state, idle) -> Effect().none())
        .onCommand(Idle.class, (state, idle) -> Effect().none().thenRun(s -> passivate()));
    return builder.build();
  }

  private Effect<JobEvent, State> onSubmit(State state, SubmitJob submit) {
    return Effect().persist(new JobEvent.JobSubmitted(jobId, submit.spec(), submit.submittedAtMillis()))
        .thenRun(s -> {
          s.runtime = new JobRuntime(s.ledger, settings.maxUnrecorded(), settings.maxWaiters());
          context.getLog().info("Job {} accepted: {} tasks", jobId, s.ledger.total());
          started(s);
        })
        .thenReply(submit.replyTo(), s -> StatusReply.success(new JobProtocol.JobAccepted(jobId, true)));
  }

  private Effect<JobEvent, State> onSubmitAgain(State state, SubmitJob submit) {
    return Effect().reply(submit.replyTo(), state.ledger.spec().equals(submit.spec())
        ? StatusReply.success(new JobProtocol.JobAccepted(jobId, false))
        : StatusReply.error("job '" + jobId + "' exists with a different spec"));
  }

  /** Listed in the index but never submitted (the submission failed half way): unlisted. */
  private Effect<JobEvent, State> onResumeUnsubmitted(State state, Resume resume) {
    out.unlist();
    return Effect().none().thenRun(s -> passivate());
  }

  /** Adds tasks to an open job: journaled, then offered to the workers, then answered. */
  private Effect<JobEvent, State> onAppend(State state, AppendTasks append) {
    AppendKeys.KeyedAppend earlier = append.key() == null ? null : state.ledger.appendedUnder(append.key());
    if (earlier != null) {
      // a repeat (its answer was lost, say): answered as the first time, even if closed since
      return Effect().reply(append.replyTo(), earlier.fingerprint().equals(AppendKeys.fingerprint(append.tasks()))
          ? new Appended(statusOf(state), earlier.first(), earlier.count(), null, true)
          : new Appended(statusOf(state), 0, 0, "job '" + jobId + "' took other tasks under this Idempotency-Key", false));
    }
    long count = 0;
    for (var template : append.tasks()) {
      count += template.count();
    }
    String refused = state.ledger.refusesAppend(count, settings.maxTasks(), settings.maxAppends());
    if (refused != null) {
      return Effect().reply(append.replyTo(), new Appended(statusOf(state), 0, 0, refused, false));
    }
    int first = state.ledger.total();
    int added = (int) count;
    return Effect().persist(new JobEvent.TasksAppended(append.tasks(), System.currentTimeMillis(), append.key()))
        .thenRun(s -> {
          s.runtime.dispenser.queueNew();
          metrics.metrics().jobs().publish(statusOf(s));
          announceWork(s);
          closeWhenIdle(s);
        })
        .thenReply(append.replyTo(), s -> new Appended(statusOf(s), first, added, null, false));
  }

  private Effect<JobEvent, State> onOpenIdle(State state, OpenIdle idle) {
    context.getLog().info("Job {}: open, and no append for {}: closed", jobId, settings.openJobIdle());
    return onClose(state, new CloseJob(context.getSystem().ignoreRef()));
  }

  private Effect<JobEvent, State> onClose(State state, CloseJob close) {
    return Effect().persist(new JobEvent.JobClosed(System.currentTimeMillis()))
        .thenRun(s -> {
          context.getLog().info("Job {} closed: {} tasks", jobId, s.ledger.total());
          closeWhenIdle(s);
          metrics.metrics().jobs().publish(statusOf(s));
          if (s.ledger.isEnded()) {
            ended(s);
          }
        })
        .thenReply(close.replyTo(), s -> new JobLookup(statusOf(s)));
  }

  /** An open job with nothing left to cancel is closed instead, and ends as its tasks did. */
  private Effect<JobEvent, State> onCancelOpen(State state, CancelJob cancel) {
    return state.ledger.notEnded(0, state.ledger.total()) == 0
        ? onClose(state, new CloseJob(cancel.replyTo()))
        : onCancel(state, cancel);
  }

  private Effect<JobEvent, State> onCancel(State state, CancelJob cancel) {
    return Effect().persist(new JobEvent.JobCancelled(System.currentTimeMillis()))
        .thenRun(s -> {
          context.getLog().info("Job {} cancelled", jobId);
          s.runtime.dispenser.clear();
          s.runtime.lanes.values().forEach(lane -> lane.tell(new LaneProtocol.CancelJob(jobId)));
          ended(s);
        })
        .thenReply(cancel.replyTo(), s -> new JobLookup(statusOf(s)));
  }

  /**
   * Hands out queued tasks on the broker's grants. What is in flight is deliberately not
   * journaled: after a recovery every task without a result is queued again.
   */
  private Effect<JobEvent, State> onPullTasks(State state, PullTasks pull) {
    Dispenser dispenser = state.runtime.dispenser;
    List<GrantUsed> used = new ArrayList<>(pull.grants().size());
    for (Grant grant : pull.grants()) {
      String owner = owner(grant.worker(), pull.lane());
      var tasks = dispenser.take(pull.lane(), grant.max(), settings.maxBatchBytes(), owner);
      if (!tasks.isEmpty()) {
        state.runtime.lanes.put(owner, grant.laneRef());
        out.assign(grant.laneRef(), tasks, settings.messageTasks());
        metrics.dispatched(pull.lane(), tasks, state.ledger.templates());
      }
      used.add(new GrantUsed(grant.laneRef(), grant.max(), tasks.size()));
    }
    int queued = dispenser.mayHaveQueued(pull.lane()) ? dispenser.queued(pull.lane()) : 0;
    pull.broker().tell(new TasksPulled(jobId, pull.lane(), used, queued, pull.pullId()));
    return Effect().none();
  }

  /** One group of result batches: journaled as one write of one event per batch. */
  private Effect<JobEvent, State> onRecordResults(State state, RecordResults record) {
    long now = System.nanoTime();
    List<JobEvent> events = state.ledger.firstResults(record.batches(), System.currentTimeMillis());
    if (events.isEmpty()) {
      return Effect().reply(record.replyTo(), Done.getInstance());
    }
    Dispenser dispenser = state.runtime.dispenser;
    long[][] runNanos = new long[events.size()][];
    for (int e = 0; e < events.size(); e++) {
      RecordedOutcomes outcomes = ((JobEvent.ResultsRecorded) events.get(e)).outcomes();
      runNanos[e] = new long[outcomes.size()];
      for (int i = 0; i < outcomes.size(); i++) {
        long since = dispenser.dispatchedAt(outcomes.index(i));
        runNanos[e][i] = since < 0 ? -1 : now - since;
      }
    }
    boolean wasCapped = dispenser.atUnrecordedLimit();
    return Effect().persist(events)
        .thenRun(s -> recorded(s, events, runNanos, wasCapped))
        .thenReply(record.replyTo(), s -> Done.getInstance());
  }

  private void recorded(State state, List<JobEvent> events, long[][] runNanos, boolean wasCapped) {
    JobRuntime runtime = state.runtime;
    for (int e = 0; e < events.size(); e++) {
      JobEvent.ResultsRecorded recorded = (JobEvent.ResultsRecorded) events.get(e);
      runtime.dispenser.recorded(recorded.outcomes());
      metrics.recorded(recorded.worker(), recorded.outcomes(), runNanos[e], state.ledger.templates());
    }
    metrics.metrics().jobs().publish(statusOf(state));
    runtime.waiters.answerFollowers(follow -> answers.followPage(state.ledger, follow));
    for (JobEvent event : events) {
      runtime.waiters.recorded(((JobEvent.ResultsRecorded) event).outcomes(), taskResults(state));
    }
    if (state.ledger.isEnded()) {
      context.getLog().info("Job {} ended: {}", jobId, statusOf(state).state());
      ended(state);
    } else if (wasCapped && !runtime.dispenser.atUnrecordedLimit()) {
      // it had stopped taking credit while its results were being journaled
      announceWork(state);
    }
  }

  private Effect<JobEvent, State> onLaneLost(State state, LaneLost lost) {
    int requeued = state.runtime.dispenser.requeue(owner(lost.worker(), lost.lane()), lost.lane());
    if (requeued > 0) {
      context.getLog().warn("Job {}: {} tasks in flight on lost worker {} queued again", jobId, requeued, lost.worker());
      out.hasWork(lost.lane());
    }
    return Effect().none();
  }

  private Effect<JobEvent, State> onAwaitEnd(State state, AwaitEnd await) {
    if (!state.runtime.waiters.awaitEnd(await.replyTo())) {
      context.getLog().warn("Job {}: too many requests waiting for its end; one more is not answered", jobId);
    }
    return Effect().none();
  }

  private Effect<JobEvent, State> onAwaitTasks(State state, AwaitTasks await) {
    int first = Math.max(0, await.first());
    int end = (int) Math.min(state.ledger.total(), (long) first + Math.max(0, await.count()));
    int left = first < end ? state.ledger.notEnded(first, end) : 0;
    if (left == 0) {
      await.replyTo().tell(answers.tasksEnded(state.ledger, first, end - first));
    } else if (!state.runtime.waiters.awaitTasks(first, end - first, left, await.replyTo())) {
      // too many waiting: answered at once without results (the request says where to fetch them)
      await.replyTo().tell(new TasksEnded(null, false));
    }
    return Effect().none();
  }

  private Effect<JobEvent, State> onFollowResults(State state, FollowResults follow) {
    if (follow.from() < state.ledger.endedCount() || state.ledger.isEnded()) {
      follow.replyTo().tell(answers.followPage(state.ledger, follow));
    } else if (!state.runtime.waiters.park(follow, System.nanoTime())) {
      // too many waiting already: an empty page at once (the follower asks again a little later)
      follow.replyTo().tell(new ResultsPage("", 0, follow.from(), false));
    } else if (!timers.isTimerActive(SweepFollowers.INSTANCE)) {
      timers.startSingleTimer(SweepFollowers.INSTANCE, SweepFollowers.INSTANCE, settings.followPark());
    }
    return Effect().none();
  }

  /**
   * Followers that waited {@code results-follow-park} get an empty page (they ask again if still
   * there), so a request whose asker gave up (a closed connection) is not kept for long.
   */
  private Effect<JobEvent, State> onSweepFollowers(State state, SweepFollowers sweep) {
    long left = state.runtime.waiters.sweep(System.nanoTime(), settings.followPark().toNanos());
    if (left >= 0) {
      timers.startSingleTimer(SweepFollowers.INSTANCE, SweepFollowers.INSTANCE,
          java.time.Duration.ofNanos(Math.max(left, 1_000_000)));
    }
    return Effect().none();
  }

  @Override
  public EventHandler<State, JobEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(JobEvent.JobSubmitted.class, (state, submitted) -> {
          state.ledger = new JobLedger(jobId, submitted.spec(), submitted.at());
          return state;
        })
        .onEvent(JobEvent.ResultsRecorded.class, (state, recorded) -> {
          state.ledger.record(recorded.worker(), recorded.outcomes(), recorded.at());
          return state;
        })
        .onEvent(JobEvent.JobCancelled.class, (state, cancelled) -> {
          state.ledger.cancel(cancelled.at());
          return state;
        })
        .onEvent(JobEvent.TasksAppended.class, (state, appended) -> {
          state.ledger.append(appended.tasks(), appended.at(), appended.key());
          return state;
        })
        .onEvent(JobEvent.JobClosed.class, (state, closed) -> {
          state.ledger.close(closed.at());
          return state;
        })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(PostStop.instance(), state -> metrics.metrics().jobs().remove(jobId))
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.ledger != null) {
            state.runtime = new JobRuntime(state.ledger, settings.maxUnrecorded(), settings.maxWaiters());
            started(state);
          }
        })
        .build();
  }

  /** A job just submitted or recovered. */
  private void started(State state) {
    closeWhenIdle(state);
    metrics.metrics().jobs().publish(statusOf(state));
    announceWork(state);
    if (state.ledger.isEnded()) {
      ended(state);
    }
  }

  /** The job has ended: answer who waits, tell the index and the broker, and passivate once idle. */
  private void ended(State state) {
    state.runtime.waiters.ended(follow -> answers.followPage(state.ledger, follow), taskResults(state),
        () -> endedOf(state));
    out.noteEnded(state.ledger);
    out.idle();
    context.setReceiveTimeout(settings.endedJobIdle(), Idle.INSTANCE);
  }

  private Waiters.TaskResults taskResults(State state) {
    return (first, count) -> answers.tasksEnded(state.ledger, first, count);
  }

  private JobProtocol.JobEnded endedOf(State state) {
    return answers.ended(state.ledger, statusOf(state));
  }

  private void announceWork(State state) {
    if (!state.ledger.isEnded()) {
      state.runtime.dispenser.lanesWithWork().forEach(out::hasWork);
    }
  }

  /** An open job is closed after open-idle without an append (the timer restarts on each). */
  private void closeWhenIdle(State state) {
    if (state.ledger.phase() == JobPhase.OPEN) {
      timers.startSingleTimer(OpenIdle.INSTANCE, OpenIdle.INSTANCE, settings.openJobIdle());
    } else {
      timers.cancel(OpenIdle.INSTANCE);
    }
  }

  private Effect<JobEvent, State> effects(Runnable sideEffects) {
    sideEffects.run();
    return Effect().none();
  }

  private Effect<JobEvent, State> unknown(ActorRef<?> replyTo, Object reply) {
    @SuppressWarnings("unchecked")
    ActorRef<Object> to = (ActorRef<Object>) replyTo;
    to.tell(reply);
    return Effect().none().thenRun(s -> passivate());
  }

  private void passivate() {
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
  }

  private JobProtocol.JobStatus statusOf(State state) {
    var address = context.getSystem().address();
    JobLedger.Running running = state.runtime == null ? lane -> 0 : state.runtime.dispenser;
    return state.ledger.status(running).on(address.getHost().orElse("") + ":" + address.getPort().orElse(0));
  }

  private static String owner(String worker, Lane lane) {
    return worker + '/' + lane.wireName();
  }
}
