package io.tasklane.coordinator.job;

import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.index.JobIndex;
import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.coordinator.job.JobEvent.JobCancelled;
import io.tasklane.coordinator.job.JobEvent.JobSubmitted;
import io.tasklane.coordinator.job.JobEvent.ResultsRecorded;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.BrokerProtocol.GrantUsed;
import io.tasklane.protocol.dispatch.BrokerProtocol.JobHasWork;
import io.tasklane.protocol.dispatch.BrokerProtocol.TasksPulled;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.CancelJob;
import io.tasklane.protocol.dispatch.JobProtocol.GetJob;
import io.tasklane.protocol.dispatch.JobProtocol.GetResults;
import io.tasklane.protocol.dispatch.JobProtocol.Grant;
import io.tasklane.protocol.dispatch.JobProtocol.JobAccepted;
import io.tasklane.protocol.dispatch.JobProtocol.JobLookup;
import io.tasklane.protocol.dispatch.JobProtocol.LaneLost;
import io.tasklane.protocol.dispatch.JobProtocol.PullTasks;
import io.tasklane.protocol.dispatch.JobProtocol.RecordResults;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.SubmitJob;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.protocol.task.TaskSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job: a sharded, event-sourced entity. The journal holds the accepted spec and the
 * results (in batches); the queues and what is in flight are rebuilt from them, so a recovered
 * job queues again every task that has no result. Tasks leave only when the broker lends
 * worker credit ({@link PullTasks}), straight to the worker lane, in one message per lane.
 */
public final class JobEntity
    extends EventSourcedBehavior<JobProtocol.Command, JobEvent, JobEntity.State> {

  public static final EntityTypeKey<JobProtocol.Command> TYPE_KEY =
      EntityTypeKey.create(JobProtocol.Command.class, "tasklane-job");

  /** The job's state; {@code book} is null until the job is submitted. */
  public static final class State {
    JobBook book;
    /** Worker lanes that were sent tasks, by owner name, to tell them of a cancel. */
    final Map<String, ActorRef<LaneProtocol.Command>> lanes = new HashMap<>();
    /** Requests waiting for the job to end (submit with wait); answered and dropped at the end. */
    final List<ActorRef<JobProtocol.JobEnded>> waiters = new ArrayList<>();
    /** Requests for results as they end that found none yet: answered when some are recorded. */
    final java.util.ArrayDeque<Parked> followers = new java.util.ArrayDeque<>();
    /** Requests waiting for some of an open job's tasks to end, by their first task. */
    final java.util.TreeMap<Integer, TaskWaiter> taskWaiters = new java.util.TreeMap<>();
  }

  /** A follower's request waiting for new results since {@code since} (System.nanoTime). */
  record Parked(JobProtocol.FollowResults follow, long since) {}

  /**
   * Waits for tasks {@code first} … {@code first + count - 1}, {@code left} of them not ended.
   * Several requests may wait on one append: a repeat under its idempotency key (its answer was
   * lost) waits beside the first request, which may still be waiting itself.
   */
  static final class TaskWaiter {
    final int first;
    final int count;
    final List<ActorRef<JobProtocol.TasksEnded>> replyTos = new ArrayList<>(1);
    int left;

    TaskWaiter(int first, int count, int left) {
      this.first = first;
      this.count = count;
      this.left = left;
    }

    void answer(JobProtocol.TasksEnded ended) {
      replyTos.forEach(replyTo -> replyTo.tell(ended));
    }
  }

  /**
   * Most bytes (UTF-8) of result lines in one message to the HTTP API (a results page, or the
   * results of a submit with wait), plus one more line: under Artery's 4 MiB frame when the job
   * lives on another coordinator node.
   */
  static final int MAX_PAGE_BYTES = 512 * 1024;

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
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ActorRef<BrokerProtocol.Command> broker;
  private final ActorRef<ResultProtocol.Command> resultsTo;
  private final ActorRef<JobIndexProtocol.Command> indexWriter;
  private final CoordinatorSettings settings;
  private final Metrics metrics;
  private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<JobProtocol.Command> timers;

  public static Behavior<JobProtocol.Command> create(
      String jobId,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<ResultProtocol.Command> resultsTo,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      CoordinatorSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new JobEntity(jobId, context, timers, shard, broker, resultsTo, indexWriter, settings)));
  }

  private JobEntity(
      String jobId,
      ActorContext<JobProtocol.Command> context,
      org.apache.pekko.actor.typed.javadsl.TimerScheduler<JobProtocol.Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<ResultProtocol.Command> resultsTo,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      CoordinatorSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), jobId));
    this.indexWriter = indexWriter;
    this.jobId = jobId;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.broker = broker;
    this.resultsTo = resultsTo;
    this.settings = settings;
    this.metrics = Metrics.get(context.getSystem());
  }

  /** Jobs are never snapshotted: recovery skips asking the snapshot store (one query less). */
  @Override
  public org.apache.pekko.persistence.typed.javadsl.Recovery recovery() {
    return org.apache.pekko.persistence.typed.javadsl.Recovery.withSnapshotSelectionCriteria(
        org.apache.pekko.persistence.typed.SnapshotSelectionCriteria.none());
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public CommandHandler<JobProtocol.Command, JobEvent, State> commandHandler() {
    var builder = newCommandHandlerBuilder();
    builder.forState(state -> state.book == null)
        .onCommand(SubmitJob.class, this::onSubmit)
        .onCommand(GetJob.class, (state, get) -> unknown(get.replyTo(), new JobLookup(null)))
        .onCommand(CancelJob.class, (state, cancel) -> unknown(cancel.replyTo(), new JobLookup(null)))
        .onCommand(GetResults.class, (state, get) -> unknown(get.replyTo(), new ResultsPage("", 0, 0, true)))
        .onCommand(JobProtocol.FollowResults.class, (state, follow) -> unknown(follow.replyTo(), new ResultsPage("", 0, 0, true)))
        .onCommand(PullTasks.class, (state, pull) -> unknown(pull.broker(), pulledNothing(pull)))
        .onCommand(JobProtocol.AppendTasks.class, (state, append) -> unknown(append.replyTo(), new JobProtocol.Appended(null, 0, 0, null, false)))
        .onCommand(JobProtocol.CloseJob.class, (state, close) -> unknown(close.replyTo(), new JobLookup(null)))
        .onCommand(JobProtocol.AwaitTasks.class, (state, await) -> unknown(await.replyTo(), new JobProtocol.TasksEnded("", false)))
        .onCommand(JobProtocol.Resume.class, (state, resume) -> {
          // Listed in the index but never submitted (the submission failed half way).
          index().tell(new JobIndexProtocol.Unlist(jobId));
          return Effect().none().thenRun(s -> passivate());
        })
        .onAnyCommand(command -> Effect().none().thenRun(s -> passivate()));
    builder.forAnyState()
        .onCommand(SubmitJob.class, (state, submit) -> Effect().reply(submit.replyTo(),
            state.book.spec().equals(submit.spec())
                ? StatusReply.success(new JobAccepted(jobId, false))
                : StatusReply.error("job '" + jobId + "' exists with a different spec")))
        // the periodic wake: a live job says again what it has queued (the broker may have moved
        // and forgotten it); the broker ignores a job it already knows as ready or pulling. The
        // index wakes only jobs it lists as unfinished: an ended one says again that it ended
        // (its end may have reached the index before its listing, or been lost with a write).
        .onCommand(JobProtocol.Resume.class, (state, resume) -> Effect().none()
            .thenRun(s -> {
              if (s.book.isEnded()) {
                noteEnded(s);
              } else {
                announceWork(s.book.lanesWithWork());
              }
            }))
        .onCommand(GetJob.class, (state, get) -> Effect().reply(get.replyTo(), new JobLookup(statusOf(state))))
        .onCommand(GetResults.class, this::onGetResults)
        .onCommand(JobProtocol.FollowResults.class, this::onFollowResults)
        .onCommand(PullTasks.class, this::onPullTasks)
        .onCommand(RecordResults.class, this::onRecordResults)
        .onCommand(LaneLost.class, this::onLaneLost)
        .onCommand(CancelJob.class, this::onCancel)
        .onCommand(JobProtocol.AwaitEnd.class, this::onAwaitEnd)
        .onCommand(JobProtocol.AppendTasks.class, this::onAppend)
        .onCommand(JobProtocol.CloseJob.class, this::onClose)
        .onCommand(JobProtocol.AwaitTasks.class, this::onAwaitTasks)
        .onCommand(Idle.class, (state, idle) -> Effect().none().thenRun(s -> passivate()))
        .onCommand(SweepFollowers.class, this::onSweepFollowers)
        .onCommand(OpenIdle.class, (state, idle) -> {
          if (!state.book.isOpen()) {
            return Effect().none();
          }
          context.getLog().info("Job {}: open, and no append for {}: closed", jobId, settings.openJobIdle());
          return onClose(state, new JobProtocol.CloseJob(context.getSystem().ignoreRef()));
        });
    return builder.build();
  }

  private Effect<JobEvent, State> onSubmit(State state, SubmitJob submit) {
    return Effect().persist(new JobSubmitted(jobId, submit.spec(), submit.submittedAtMillis()))
        .thenRun(s -> {
          context.getLog().info("Job {} accepted: {} tasks", jobId, s.book.total());
          closeWhenIdle(s);
          metrics.jobs().publish(statusOf(s));
          announceWork(s.book.lanesWithWork());
          if (s.book.isEnded()) {
            ended(s);
          }
        })
        .thenReply(submit.replyTo(), s -> StatusReply.success(new JobAccepted(jobId, true)));
  }

  private Effect<JobEvent, State> onGetResults(State state, GetResults get) {
    int max = Math.max(1, Math.min(get.max(), settings.resultsPage()));
    return Effect().reply(get.replyTo(), state.book.results(get.from(), max, get.failedOnly(), MAX_PAGE_BYTES));
  }

  private Effect<JobEvent, State> onFollowResults(State state, JobProtocol.FollowResults follow) {
    if (follow.from() < state.book.endedCount() || state.book.isEnded()) {
      follow.replyTo().tell(followPage(state, follow));
    } else if (state.followers.size() >= settings.maxWaiters()) {
      // too many waiting already: an empty page at once (the follower asks again a little later)
      follow.replyTo().tell(new ResultsPage("", 0, follow.from(), false));
    } else {
      state.followers.addLast(new Parked(follow, System.nanoTime()));
      if (!timers.isTimerActive(SweepFollowers.INSTANCE)) {
        timers.startSingleTimer(SweepFollowers.INSTANCE, SweepFollowers.INSTANCE, settings.followPark());
      }
    }
    return Effect().none();
  }

  /**
   * Followers that waited {@code results-follow-park} get an empty page (they ask again if still
   * there), so a request whose asker gave up (a closed connection) is not kept for long.
   */
  private Effect<JobEvent, State> onSweepFollowers(State state, SweepFollowers sweep) {
    long now = System.nanoTime();
    long park = settings.followPark().toNanos();
    while (!state.followers.isEmpty() && now - state.followers.peekFirst().since() >= park) {
      JobProtocol.FollowResults follow = state.followers.pollFirst().follow();
      follow.replyTo().tell(new ResultsPage("", 0, follow.from(), false));
    }
    if (!state.followers.isEmpty()) {
      long left = park - (now - state.followers.peekFirst().since());
      timers.startSingleTimer(SweepFollowers.INSTANCE, SweepFollowers.INSTANCE, java.time.Duration.ofNanos(Math.max(left, 1_000_000)));
    }
    return Effect().none();
  }

  private ResultsPage followPage(State state, JobProtocol.FollowResults follow) {
    int max = Math.max(1, Math.min(follow.max(), settings.resultsPage()));
    return state.book.resultsAsEnded(follow.from(), max, follow.failedOnly(), MAX_PAGE_BYTES);
  }

  /** New results (or the end): every waiting follower gets its next page. */
  private void answerFollowers(State state) {
    while (!state.followers.isEmpty()) {
      JobProtocol.FollowResults follow = state.followers.pollFirst().follow();
      follow.replyTo().tell(followPage(state, follow));
    }
  }

  /**
   * Hands out queued tasks on the broker's grants. What is in flight is deliberately not
   * journaled: after a recovery every task without a result is queued again.
   */
  private Effect<JobEvent, State> onPullTasks(State state, PullTasks pull) {
    List<GrantUsed> used = new ArrayList<>(pull.grants().size());
    for (Grant grant : pull.grants()) {
      String owner = owner(grant.worker(), pull.lane());
      List<TaskSpec> tasks = state.book.take(pull.lane(), grant.max(), settings.maxBatchBytes(), owner);
      if (!tasks.isEmpty()) {
        state.lanes.put(owner, grant.laneRef());
        // Several messages per grant: the worker starts on the first while the rest travel,
        // and its results (and freed credit) flow back while it works on the next.
        int chunk = settings.messageTasks();
        for (int from = 0; from < tasks.size(); from += chunk) {
          grant.laneRef().tell(new LaneProtocol.AssignTasks(jobId,
              tasks.subList(from, Math.min(tasks.size(), from + chunk)), resultsTo));
        }
        metrics.dispatched(pull.lane(), tasks.size());
        long now = System.currentTimeMillis();
        for (TaskSpec task : tasks) {
          metrics.queueWait(pull.lane(), java.time.Duration.ofMillis(Math.max(0, now - state.book.queuedAt(task.index()))));
        }
      }
      used.add(new GrantUsed(grant.laneRef(), grant.max(), tasks.size()));
    }
    int queued = state.book.mayHaveQueued(pull.lane()) ? state.book.queued(pull.lane()) : 0;
    pull.broker().tell(new TasksPulled(jobId, pull.lane(), used, queued, pull.pullId()));
    return Effect().none();
  }

  /** One group of result batches: journaled as one write of one event per batch. */
  private Effect<JobEvent, State> onRecordResults(State state, RecordResults record) {
    long now = System.nanoTime();
    long at = System.currentTimeMillis();
    List<JobEvent> events = new ArrayList<>(record.batches().size());
    List<long[]> runNanos = new ArrayList<>(record.batches().size());
    java.util.Set<Integer> inGroup = record.batches().size() > 1 ? new java.util.HashSet<>() : null;
    for (ResultProtocol.ReportResults batch : record.batches()) {
      List<TaskOutcome> first = state.book.firstResults(batch.outcomes());
      if (inGroup != null) {
        // a task requeued from a lost worker may have results from both in one group
        first = first.stream().filter(outcome -> inGroup.add(outcome.index())).toList();
      }
      if (first.isEmpty()) {
        continue;
      }
      long[] nanos = new long[first.size()];
      for (int i = 0; i < first.size(); i++) {
        long since = state.book.dispatchedAt(first.get(i).index());
        nanos[i] = since < 0 ? -1 : now - since;
      }
      events.add(new ResultsRecorded(batch.worker(), first, at));
      runNanos.add(nanos);
    }
    if (events.isEmpty()) {
      return Effect().reply(record.replyTo(), Done.getInstance());
    }
    boolean wasCapped = state.book.atUnrecordedLimit();
    return Effect().persist(events)
        .thenRun(s -> {
          for (int e = 0; e < events.size(); e++) {
            ResultsRecorded recorded = (ResultsRecorded) events.get(e);
            long[] nanos = runNanos.get(e);
            Lane[] lanes = Lane.values();
            TaskStatus[] statuses = TaskStatus.values();
            int[] endedBy = new int[lanes.length * statuses.length]; // counted here, added once per batch
            for (int i = 0; i < recorded.outcomes().size(); i++) {
              TaskOutcome outcome = recorded.outcomes().get(i);
              Lane lane = s.book.laneOf(outcome.index());
              endedBy[lane.ordinal() * statuses.length + outcome.status().ordinal()]++;
              metrics.retried(lane, outcome.attempts());
              if (nanos[i] >= 0) {
                metrics.runTime(lane, java.time.Duration.ofNanos(nanos[i]));
              }
            }
            for (int k = 0; k < endedBy.length; k++) {
              if (endedBy[k] > 0) {
                metrics.ended(lanes[k / statuses.length], recorded.worker(), statuses[k % statuses.length], endedBy[k]);
              }
            }
          }
          metrics.jobs().publish(statusOf(s));
          answerFollowers(s);
          if (!s.taskWaiters.isEmpty()) {
            for (JobEvent event : events) {
              tasksEnded(s, ((ResultsRecorded) event).outcomes());
            }
          }
          if (s.book.isEnded()) {
            context.getLog().info("Job {} ended: {}", jobId, s.book.status().state());
            ended(s);
          } else if (wasCapped && !s.book.atUnrecordedLimit()) {
            // it had stopped taking credit while its results were being journaled
            announceWork(s.book.lanesWithWork());
          }
        })
        .thenReply(record.replyTo(), s -> Done.getInstance());
  }

  private Effect<JobEvent, State> onLaneLost(State state, LaneLost lost) {
    int requeued = state.book.requeue(owner(lost.worker(), lost.lane()), lost.lane());
    if (requeued > 0) {
      context.getLog().warn("Job {}: {} tasks in flight on lost worker {} queued again",
          jobId, requeued, lost.worker());
      broker.tell(new JobHasWork(jobId, lost.lane()));
    }
    return Effect().none();
  }

  private Effect<JobEvent, State> onCancel(State state, CancelJob cancel) {
    if (state.book.isEnded()) {
      return Effect().reply(cancel.replyTo(), new JobLookup(statusOf(state)));
    }
    if (state.book.isOpen() && state.book.notEnded(0, state.book.total()) == 0) {
      // an open job with nothing left to cancel: it is closed, and ends as its tasks did
      return onClose(state, new JobProtocol.CloseJob(cancel.replyTo()));
    }
    return Effect().persist(new JobCancelled(System.currentTimeMillis()))
        .thenRun(s -> {
          context.getLog().info("Job {} cancelled", jobId);
          s.lanes.values().forEach(lane -> lane.tell(new LaneProtocol.CancelJob(jobId)));
          ended(s);
        })
        .thenReply(cancel.replyTo(), s -> new JobLookup(statusOf(s)));
  }

  private Effect<JobEvent, State> onAwaitEnd(State state, JobProtocol.AwaitEnd await) {
    if (state.book.isEnded()) {
      await.replyTo().tell(endedOf(state));
    } else if (state.waiters.size() < settings.maxWaiters()) {
      state.waiters.add(await.replyTo());
    } else {
      context.getLog().warn("Job {}: too many requests waiting for its end; one more is not answered", jobId);
    }
    return Effect().none();
  }

  /** Adds tasks to an open job: journaled, then offered to the workers, then answered. */
  private Effect<JobEvent, State> onAppend(State state, JobProtocol.AppendTasks append) {
    JobBook book = state.book;
    JobBook.KeyedAppend earlier = append.key() == null ? null : book.appendedUnder(append.key());
    if (earlier != null) {
      // a repeat (its answer was lost, say): answered as the first time, even if closed since
      return Effect().reply(append.replyTo(), earlier.fingerprint().equals(JobBook.fingerprint(append.tasks()))
          ? new JobProtocol.Appended(statusOf(state), earlier.first(), earlier.count(), null, true)
          : new JobProtocol.Appended(statusOf(state), 0, 0, "job '" + jobId
              + "' took other tasks under this Idempotency-Key", false));
    }
    if (!book.isOpen()) {
      return Effect().reply(append.replyTo(), new JobProtocol.Appended(statusOf(state), 0, 0,
          "job '" + jobId + "' takes no more tasks: it "
              + (book.isEnded() ? "has ended (" + book.status().state() + ")" : "was closed")
              + (book.spec().open() ? "" : "; only a job submitted with \"open\": true takes more"), false));
    }
    long count = 0;
    for (var template : append.tasks()) {
      count += template.count();
    }
    String refused = count == 0 ? "no tasks to append"
        : book.total() + count > settings.maxTasks() ? "job '" + jobId + "' would have " + (book.total() + count)
            + " tasks, more than tasklane.coordinator.jobs.max-tasks = " + settings.maxTasks()
        : book.appends() >= settings.maxAppends() ? "job '" + jobId + "' has taken " + book.appends()
            + " appends, its limit (tasklane.coordinator.jobs.max-appends): close it and open another"
        : null;
    if (refused != null) {
      return Effect().reply(append.replyTo(), new JobProtocol.Appended(statusOf(state), 0, 0, refused, false));
    }
    int first = book.total();
    int added = (int) count;
    return Effect().persist(new JobEvent.TasksAppended(append.tasks(), System.currentTimeMillis(), append.key()))
        .thenRun(s -> {
          metrics.jobs().publish(statusOf(s));
          announceWork(s.book.lanesWithWork());
          closeWhenIdle(s);
        })
        .thenReply(append.replyTo(), s -> new JobProtocol.Appended(statusOf(s), first, added, null, false));
  }

  private Effect<JobEvent, State> onClose(State state, JobProtocol.CloseJob close) {
    if (!state.book.isOpen()) {
      return Effect().reply(close.replyTo(), new JobLookup(statusOf(state)));
    }
    return Effect().persist(new JobEvent.JobClosed(System.currentTimeMillis()))
        .thenRun(s -> {
          context.getLog().info("Job {} closed: {} tasks", jobId, s.book.total());
          closeWhenIdle(s);
          metrics.jobs().publish(statusOf(s));
          if (s.book.isEnded()) {
            ended(s);
          }
        })
        .thenReply(close.replyTo(), s -> new JobLookup(statusOf(s)));
  }

  private Effect<JobEvent, State> onAwaitTasks(State state, JobProtocol.AwaitTasks await) {
    int first = Math.max(0, await.first());
    int end = (int) Math.min(state.book.total(), (long) first + Math.max(0, await.count()));
    int left = first < end ? state.book.notEnded(first, end) : 0;
    if (left == 0) {
      await.replyTo().tell(tasksEndedOf(state, first, end - first));
    } else if (state.waiters.size() + waitingOnTasks(state) < settings.maxWaiters()
        && (!state.taskWaiters.containsKey(first) || state.taskWaiters.get(first).count == end - first)) {
      state.taskWaiters.computeIfAbsent(first, at -> new TaskWaiter(at, end - at, left)).replyTos.add(await.replyTo());
    } else {
      // too many waiting: answered at once without results (the request says where to fetch them)
      await.replyTo().tell(new JobProtocol.TasksEnded(null, false));
    }
    return Effect().none();
  }

  private static int waitingOnTasks(State state) {
    int waiting = 0;
    for (TaskWaiter waiter : state.taskWaiters.values()) {
      waiting += waiter.replyTos.size();
    }
    return waiting;
  }

  /** Newly recorded outcomes: answers the requests whose tasks have now all ended. */
  private void tasksEnded(State state, List<TaskOutcome> outcomes) {
    for (TaskOutcome outcome : outcomes) {
      var entry = state.taskWaiters.floorEntry(outcome.index());
      if (entry != null && outcome.index() < entry.getValue().first + entry.getValue().count
          && --entry.getValue().left == 0) {
        state.taskWaiters.remove(entry.getKey());
        entry.getValue().answer(tasksEndedOf(state, entry.getValue().first, entry.getValue().count));
      }
    }
  }

  /**
   * The result lines of ended tasks {@code first} … {@code first + count - 1}; when they are
   * too large for one message, none (the waiting request says where to fetch them instead).
   */
  private JobProtocol.TasksEnded tasksEndedOf(State state, int first, int count) {
    ResultsPage page = state.book.results(first, count, false, MAX_PAGE_BYTES);
    return page.count() == count
        ? new JobProtocol.TasksEnded(page.lines(), true)
        : new JobProtocol.TasksEnded("", false);
  }

  private JobProtocol.JobEnded endedOf(State state) {
    JobProtocol.TasksEnded all = tasksEndedOf(state, 0, state.book.total());
    return new JobProtocol.JobEnded(statusOf(state), all.results(), all.resultsInline());
  }

  @Override
  public EventHandler<State, JobEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(JobSubmitted.class, (state, submitted) -> {
          state.book = new JobBook(jobId, submitted.spec(), submitted.at(), settings.maxUnrecorded());
          return state;
        })
        .onEvent(ResultsRecorded.class, (state, recorded) -> {
          state.book.record(recorded.worker(), recorded.outcomes(), recorded.at());
          return state;
        })
        .onEvent(JobCancelled.class, (state, cancelled) -> {
          state.book.cancel(cancelled.at());
          return state;
        })
        .onEvent(JobEvent.TasksAppended.class, (state, appended) -> {
          state.book.append(appended.tasks(), appended.at(), appended.key());
          return state;
        })
        .onEvent(JobEvent.JobClosed.class, (state, closed) -> {
          state.book.close(closed.at());
          return state;
        })
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> metrics.jobs().remove(jobId))
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.book != null) {
            metrics.jobs().publish(statusOf(state));
            closeWhenIdle(state);
            state.book.rewind();
            announceWork(state.book.lanesWithWork());
            if (state.book.isEnded()) {
              ended(state);
            }
          }
        })
        .build();
  }

  private Effect<JobEvent, State> unknown(ActorRef<?> replyTo, Object reply) {
    @SuppressWarnings("unchecked")
    ActorRef<Object> to = (ActorRef<Object>) replyTo;
    to.tell(reply);
    return Effect().none().thenRun(s -> passivate());
  }

  private TasksPulled pulledNothing(PullTasks pull) {
    List<GrantUsed> used = new ArrayList<>();
    for (Grant grant : pull.grants()) {
      used.add(new GrantUsed(grant.laneRef(), grant.max(), 0));
    }
    return new TasksPulled(jobId, pull.lane(), used, 0, pull.pullId());
  }

  private void announceWork(Set<Lane> lanes) {
    for (Lane lane : lanes) {
      broker.tell(new JobHasWork(jobId, lane));
    }
  }

  /** The job has ended: tell the index and the broker, and passivate once idle. */
  private void ended(State state) {
    answerFollowers(state);
    for (TaskWaiter waiter : state.taskWaiters.values()) {
      waiter.answer(tasksEndedOf(state, waiter.first, waiter.count));
    }
    state.taskWaiters.clear();
    if (!state.waiters.isEmpty()) {
      JobProtocol.JobEnded end = endedOf(state);
      state.waiters.forEach(waiter -> waiter.tell(end));
      state.waiters.clear();
    }
    noteEnded(state);
    broker.tell(new BrokerProtocol.JobIdle(jobId));
    idleWhenEnded();
  }

  private void noteEnded(State state) {
    JobProtocol.JobStatus status = state.book.status();
    indexWriter.tell(new JobIndexProtocol.NoteEnded(jobId, status.state(), status.endedAt(), status.total()));
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<JobIndexProtocol.Command> index() {
    return ClusterSharding.get(context.getSystem()).entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID);
  }

  /** An open job is closed after open-idle without an append (the timer restarts on each). */
  private void closeWhenIdle(State state) {
    if (state.book.isOpen()) {
      timers.startSingleTimer(OpenIdle.INSTANCE, OpenIdle.INSTANCE, settings.openJobIdle());
    } else {
      timers.cancel(OpenIdle.INSTANCE);
    }
  }

  private void idleWhenEnded() {
    context.setReceiveTimeout(settings.endedJobIdle(), Idle.INSTANCE);
  }

  private void passivate() {
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
  }

  private JobProtocol.JobStatus statusOf(State state) {
    var address = context.getSystem().address();
    return state.book.status().on(address.getHost().orElse("") + ":" + address.getPort().orElse(0));
  }

  private static String owner(String worker, Lane lane) {
    return worker + '/' + lane.wireName();
  }
}
