package io.tasklane.coordinator.job;

import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.AppendTasks;
import io.tasklane.protocol.dispatch.JobProtocol.Appended;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitEnd;
import io.tasklane.protocol.dispatch.JobProtocol.AwaitTasks;
import io.tasklane.protocol.dispatch.JobProtocol.CancelJob;
import io.tasklane.protocol.dispatch.JobProtocol.CloseJob;
import io.tasklane.protocol.dispatch.JobProtocol.FollowResults;
import io.tasklane.protocol.dispatch.JobProtocol.GetJob;
import io.tasklane.protocol.dispatch.JobProtocol.GetResults;
import io.tasklane.protocol.dispatch.JobProtocol.JobLookup;
import io.tasklane.protocol.dispatch.JobProtocol.LaneLost;
import io.tasklane.protocol.dispatch.JobProtocol.PullTasks;
import io.tasklane.protocol.dispatch.JobProtocol.RecordResults;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.Resume;
import io.tasklane.protocol.dispatch.JobProtocol.SubmitJob;
import io.tasklane.protocol.dispatch.JobProtocol.TasksEnded;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import java.util.List;
import java.util.function.Supplier;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerBuilderByState;
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

  private enum Idle implements JobProtocol.Command { INSTANCE }

  /** An open job took no append for open-idle: it is closed. */
  private enum OpenIdle implements JobProtocol.Command { INSTANCE }

  /** Time to answer followers that have waited {@code results-follow-park} with an empty page. */
  private enum SweepFollowers implements JobProtocol.Command { INSTANCE }

  private final String jobId;
  private final ActorContext<JobProtocol.Command> context;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final CoordinatorSettings settings;
  private final JobOutbox out;
  private final JobMetrics metrics;
  private final JobDispatch dispatch;
  private final JobWaits waits;
  private final JobAnswers answers;
  private final JobLifecycle life;

  /** {@code index}: finds the job index (to unlist a job that was listed but never submitted), when needed. */
  public static Behavior<JobProtocol.Command> create(
      String jobId,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<ResultProtocol.Command> resultsTo,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      Supplier<? extends RecipientRef<JobIndexProtocol.Command>> index,
      CoordinatorSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobEntity(jobId, context, timers, shard,
        new JobOutbox(jobId, broker, resultsTo, indexWriter, index), settings)));
  }

  private JobEntity(String jobId, ActorContext<JobProtocol.Command> context, TimerScheduler<JobProtocol.Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard, JobOutbox out, CoordinatorSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), jobId));
    this.jobId = jobId;
    this.context = context;
    this.shard = shard;
    this.settings = settings;
    this.out = out;
    this.metrics = new JobMetrics(Metrics.get(context.getSystem()));
    this.dispatch = new JobDispatch(jobId, out, metrics, context::getLog, settings.maxBatchBytes(), settings.messageTasks());
    this.answers = new JobAnswers(settings.resultsPage(), settings.maxMessageBytes());
    this.waits = new JobWaits(jobId, answers, timers, SweepFollowers.INSTANCE, settings.followPark(), context::getLog);
    this.life = new JobLifecycle(jobId, context, timers, settings, out, metrics, waits, OpenIdle.INSTANCE, Idle.INSTANCE);
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
    working(builder.forState(state -> state.ledger.phase() == JobPhase.OPEN))
        .onCommand(CloseJob.class, this::onClose)
        .onCommand(OpenIdle.class, this::onOpenIdle)
        .onCommand(CancelJob.class, this::onCancelOpen);
    working(builder.forState(state -> state.ledger.phase() == JobPhase.RUNNING))
        .onCommand(CloseJob.class, (state, close) -> lookup(state, close.replyTo()))
        .onCommand(OpenIdle.class, (state, idle) -> Effect().none())
        .onCommand(CancelJob.class, this::onCancel);
    builder.forState(state -> state.ledger.isEnded())
        .onCommand(CloseJob.class, (state, close) -> lookup(state, close.replyTo()))
        .onCommand(OpenIdle.class, (state, idle) -> Effect().none())
        .onCommand(CancelJob.class, (state, cancel) -> lookup(state, cancel.replyTo()))
        .onCommand(PullTasks.class, (state, pull) -> run(() -> pull.broker().tell(out.pulledNothing(pull))))
        .onCommand(RecordResults.class, (state, record) -> Effect().reply(record.replyTo(), Done.getInstance()))
        .onCommand(LaneLost.class, (state, lost) -> Effect().none())
        .onCommand(JobProtocol.KindsWaiting.class, (state, waiting) -> Effect().none())
        .onCommand(Resume.class, (state, resume) -> run(() -> out.noteEnded(state.ledger)));
    // whatever its phase, a submitted job answers these alike
    builder.forAnyState()
        .onCommand(SubmitJob.class, this::onSubmitAgain)
        .onCommand(GetJob.class, (state, get) -> lookup(state, get.replyTo()))
        .onCommand(GetResults.class, (state, get) -> Effect().reply(get.replyTo(), answers.page(state.ledger, get)))
        .onCommand(FollowResults.class, (state, follow) -> run(() -> waits.follow(state.ledger, state.runtime, follow)))
        .onCommand(SweepFollowers.class, (state, sweep) -> run(() -> waits.sweep(state.runtime)))
        .onCommand(AwaitTasks.class, (state, await) -> run(() -> waits.awaitTasks(state.ledger, state.runtime, await)))
        .onCommand(AwaitEnd.class,
            (state, await) -> run(() -> waits.awaitEnd(state.ledger, state.runtime, await, life.statusOf(state))))
        .onCommand(AppendTasks.class, this::onAppend)
        .onCommand(Idle.class, (state, idle) -> Effect().none().thenRun(s -> passivate()));
    return builder.build();
  }

  /** What a job that is not ended (open or running) does alike: it works. */
  private CommandHandlerBuilderByState<JobProtocol.Command, JobEvent, State, State> working(
      CommandHandlerBuilderByState<JobProtocol.Command, JobEvent, State, State> phase) {
    return phase
        .onCommand(PullTasks.class, (state, pull) -> run(() -> dispatch.pull(state.ledger, state.runtime, pull)))
        .onCommand(RecordResults.class, this::onRecordResults)
        .onCommand(LaneLost.class, (state, lost) -> run(() -> dispatch.laneLost(state.runtime, lost)))
        .onCommand(JobProtocol.KindsWaiting.class, (state, waiting) -> run(() -> dispatch.kindsWaiting(state.runtime, waiting)))
        .onCommand(Resume.class, (state, resume) -> run(() -> life.announceWork(state)));
  }

  private Effect<JobEvent, State> onSubmit(State state, SubmitJob submit) {
    return Effect().persist(new JobEvent.JobSubmitted(jobId, RecordedSpec.of(submit.spec()), submit.submittedAtMillis()))
        .thenRun(life::submitted)
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
    Appended notTaken = state.ledger.answerUnlessTaken(append.tasks(), append.key(), () -> life.statusOf(state),
        settings.maxTasks(), settings.maxAppends());
    if (notTaken != null) {
      return Effect().reply(append.replyTo(), notTaken);
    }
    if (append.awaited() && !state.runtime.waiters.hasRoom()) {
      return Effect().reply(append.replyTo(), new Appended(life.statusOf(state), 0, 0,
          "too many requests wait on job '" + jobId + "' (" + state.runtime.waiters.waiting()
              + ", tasklane.coordinator.wait.max-waiters); nothing was appended: retry later, or append without wait",
          false, true));
    }
    int first = state.ledger.total();
    int added = (int) JobLedger.taskCount(append.tasks());
    return Effect().persist(new JobEvent.TasksAppended(RecordedTemplate.of(append.tasks()), System.currentTimeMillis(), append.key()))
        .thenRun(life::appended)
        .thenReply(append.replyTo(), s -> new Appended(life.statusOf(s), first, added, null, false));
  }

  private Effect<JobEvent, State> onOpenIdle(State state, OpenIdle idle) {
    context.getLog().info("Job {}: open, and no append for {}: closed", jobId, settings.openJobIdle());
    return onClose(state, new CloseJob(context.getSystem().ignoreRef()));
  }

  private Effect<JobEvent, State> onClose(State state, CloseJob close) {
    return close(close.replyTo(), false);
  }

  /** Closes an open job; the answer says whether it counts as a change (for a cancel: it does). */
  private Effect<JobEvent, State> close(ActorRef<JobLookup> replyTo, boolean changed) {
    return Effect().persist(new JobEvent.JobClosed(System.currentTimeMillis()))
        .thenRun(life::closed)
        .thenReply(replyTo, s -> new JobLookup(life.statusOf(s), changed));
  }

  /** An open job with nothing left to cancel is closed instead, and ends as its tasks did. */
  private Effect<JobEvent, State> onCancelOpen(State state, CancelJob cancel) {
    return state.ledger.notEnded(0, state.ledger.total()) == 0
        ? close(cancel.replyTo(), true)
        : onCancel(state, cancel);
  }

  /**
   * Cancels a job that has not ended: the only path that journals {@link JobEvent.JobCancelled};
   * once ended, a cancel finds it so and is answered {@code changed = false}.
   */
  private Effect<JobEvent, State> onCancel(State state, CancelJob cancel) {
    return Effect().persist(new JobEvent.JobCancelled(System.currentTimeMillis()))
        .thenRun(life::cancelled)
        .thenReply(cancel.replyTo(), s -> new JobLookup(life.statusOf(s), true));
  }

  /** One group of result batches: journaled as one write of one event per batch. */
  private Effect<JobEvent, State> onRecordResults(State state, RecordResults record) {
    long now = System.nanoTime();
    List<JobEvent> events = state.ledger.firstResults(record.batches(), System.currentTimeMillis());
    if (events.isEmpty()) {
      return Effect().reply(record.replyTo(), Done.getInstance());
    }
    long[][] runNanos = JobMetrics.runNanos(events, state.runtime.dispenser, now);
    boolean wasCapped = state.runtime.dispenser.atUnrecordedLimit();
    return Effect().persist(events)
        .thenRun(s -> life.recorded(s, events, runNanos, wasCapped))
        .thenReply(record.replyTo(), s -> Done.getInstance());
  }

  @Override
  public EventHandler<State, JobEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(JobEvent.JobSubmitted.class, (state, submitted) -> {
          state.ledger = new JobLedger(jobId, submitted.spec().spec(), submitted.at());
          return state;
        })
        .onAnyEvent((state, event) -> {
          state.ledger.apply(event);
          return state;
        });
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(PostStop.instance(), state -> metrics.metrics().jobs().remove(jobId))
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.ledger != null) {
            life.started(state);
          }
        })
        .build();
  }

  /** A command that journals nothing: its replies and messages go out now. */
  private Effect<JobEvent, State> run(Runnable replies) {
    replies.run();
    return Effect().none();
  }

  private Effect<JobEvent, State> lookup(State state, ActorRef<JobLookup> replyTo) {
    return Effect().reply(replyTo, new JobLookup(life.statusOf(state)));
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
}
