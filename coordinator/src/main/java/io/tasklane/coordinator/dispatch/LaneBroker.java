package io.tasklane.coordinator.dispatch;

import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.GetCatalog;
import io.tasklane.protocol.dispatch.BrokerProtocol.GetLanes;
import io.tasklane.protocol.dispatch.BrokerProtocol.GrantUsed;
import io.tasklane.protocol.dispatch.BrokerProtocol.JobHasWork;
import io.tasklane.protocol.dispatch.BrokerProtocol.LaneInfo;
import io.tasklane.protocol.dispatch.BrokerProtocol.Lanes;
import io.tasklane.protocol.dispatch.BrokerProtocol.OfferCredit;
import io.tasklane.protocol.dispatch.BrokerProtocol.RegisterLane;
import io.tasklane.protocol.dispatch.BrokerProtocol.TasksPulled;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.spi.LaneChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster's one lane broker (a singleton on the coordinator nodes): worker lanes offer it
 * credit, jobs tell it they have work, and it lends credit to jobs ({@link DispatchPolicy}).
 * The job then sends its tasks straight to the worker lane, batched. Nothing is pushed to a
 * lane that did not ask.
 */
public final class LaneBroker extends AbstractBehavior<BrokerProtocol.Command> {

  private record LaneTerminated(ActorRef<LaneProtocol.Command> ref) implements BrokerProtocol.Command {}

  /** A change of a member, for lanes whose watch waits for their node to be Up here (see onLaneTerminated). */
  private record MemberChanged(ClusterEvent.MemberEvent event) implements BrokerProtocol.Command {}

  private enum Tick implements BrokerProtocol.Command {
    INSTANCE
  }

  /** One lane of one job: the broker keeps one pull outstanding and one queue depth per key. */
  private record JobLane(String jobId, Lane lane) {}

  private record Outstanding(DispatchPolicy.Pull<ActorRef<LaneProtocol.Command>> pull, long deadline, long id) {}

  private final CoordinatorSettings settings;
  private final ClusterSharding sharding;
  private final DispatchPolicy<ActorRef<LaneProtocol.Command>> policy;
  private final Map<ActorRef<LaneProtocol.Command>, Map<String, TypeOffer>> handlers = new HashMap<>();
  private final Map<JobLane, Outstanding> outstanding = new HashMap<>();
  /** Tasks queued per job and lane, as last reported with a pull (for the cluster view). */
  private final Map<JobLane, Integer> queued = new HashMap<>();
  private final LaneWatches watches;
  private final RecentCancels recentCancels = new RecentCancels();
  private long nextPullId = 1;

  public static Behavior<BrokerProtocol.Command> create(CoordinatorSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new LaneBroker(context, timers, settings)));
  }

  private LaneBroker(
      ActorContext<BrokerProtocol.Command> context,
      TimerScheduler<BrokerProtocol.Command> timers,
      CoordinatorSettings settings) {
    super(context);
    this.settings = settings;
    this.sharding = ClusterSharding.get(context.getSystem());
    this.policy = new DispatchPolicy<>(settings.maxBatch());
    this.watches = new LaneWatches(settings.laneUpWait());
    context.getSystem().receptionist().tell(Receptionist.register(BrokerProtocol.SERVICE_KEY, context.getSelf()));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    context.getLog().info("Lane broker started on {}", context.getSelf().path().address());
  }

  @Override
  public Receive<BrokerProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RegisterLane.class, this::onRegisterLane)
        .onMessage(OfferCredit.class, this::onOfferCredit)
        .onMessage(BrokerProtocol.UpdateTypes.class, this::onUpdateTypes)
        .onMessage(BrokerProtocol.UnregisterLane.class, this::onUnregisterLane)
        .onMessage(JobHasWork.class, this::onJobHasWork)
        .onMessage(BrokerProtocol.JobIdle.class, this::onJobIdle)
        .onMessage(BrokerProtocol.CancelEverywhere.class, this::onCancelEverywhere)
        .onMessage(TasksPulled.class, this::onTasksPulled)
        .onMessage(LaneTerminated.class, this::onLaneTerminated)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(GetCatalog.class, this::onGetCatalog)
        .onMessage(GetLanes.class, this::onGetLanes)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<BrokerProtocol.Command> onRegisterLane(RegisterLane register) {
    DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> known = policy.lane(register.laneRef());
    if (known != null) {
      // A lane registers again only after it restarted: what it had in flight is gone.
      getContext().getLog().warn("Worker {} re-registered its {} lane; its tasks in flight are queued again",
          register.worker(), register.lane().wireName());
      tellLost(known);
      known.jobsSeen().clear();
    }
    if (policy.register(register.laneRef(), register.worker(), register.lane(), register.capacity())) {
      getContext().watchWith(register.laneRef(), new LaneTerminated(register.laneRef()));
      getContext().getLog().info("Worker {} offers its {} lane: {} slots, {} task types",
          register.worker(), register.lane().wireName(), register.capacity(), register.types().size());
    }
    handlers.put(register.laneRef(), register.types());
    // tasks of jobs cancelled while this lane was not registered here may still run on it
    recentCancels.jobs(System.nanoTime()).forEach(jobId -> register.laneRef().tell(new LaneProtocol.CancelJob(jobId)));
    watches.registered(register.laneRef(), register.nodeUid());
    policy.takes(register.laneRef(), OfferedKinds.taken(register.lane(), register.types()));
    dispatch(register.lane());
    tellWaiting();
    return this;
  }

  private Behavior<BrokerProtocol.Command> onUpdateTypes(BrokerProtocol.UpdateTypes update) {
    DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.lane(update.laneRef());
    if (entry == null) {
      return this; // not registered (yet, or any more): its registration carries its types
    }
    Map<String, TypeOffer> before = handlers.put(update.laneRef(), update.types());
    if (before == null || !before.keySet().equals(update.types().keySet())) {
      getContext().getLog().info("Worker {} now offers {} task types on its {} lane",
          entry.worker(), update.types().size(), entry.lane().wireName());
    }
    policy.takes(update.laneRef(), OfferedKinds.taken(entry.lane(), update.types()));
    dispatch(entry.lane());
    tellWaiting();
    return this;
  }

  private Behavior<BrokerProtocol.Command> onUnregisterLane(BrokerProtocol.UnregisterLane unregister) {
    watches.forget(unregister.laneRef());
    handlers.remove(unregister.laneRef());
    DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.remove(unregister.laneRef());
    if (entry != null) {
      getContext().unwatch(unregister.laneRef());
      getContext().getLog().info("Worker {} withdrew its {} lane (draining)", entry.worker(), entry.lane().wireName());
      tellLost(entry);
      tellWaiting();
    }
    return this;
  }

  private void tellLost(DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry) {
    for (String jobId : entry.jobsSeen()) {
      sharding.entityRefFor(JobEntity.TYPE_KEY, jobId)
          .tell(new JobProtocol.LaneLost(owner(entry.ref(), entry.worker()), entry.lane()));
    }
  }

  private Behavior<BrokerProtocol.Command> onOfferCredit(OfferCredit offer) {
    policy.offer(offer.laneRef(), offer.credit());
    DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.lane(offer.laneRef());
    if (entry != null) {
      dispatch(entry.lane());
    }
    return this;
  }

  private Behavior<BrokerProtocol.Command> onJobHasWork(JobHasWork work) {
    policy.jobHasWork(work.jobId(), work.lane(), work.kinds());
    dispatch(work.lane());
    tellWaiting();
    return this;
  }

  private Behavior<BrokerProtocol.Command> onJobIdle(BrokerProtocol.JobIdle idle) {
    for (Lane lane : Lane.values()) {
      queued.remove(new JobLane(idle.jobId(), lane));
    }
    // an ended job has nothing left to requeue: lanes need not remember it
    policy.forgetJob(idle.jobId());
    return this;
  }

  /** A cancelled job's tasks may run on lanes its holder does not know (a previous holder's): all are told. */
  private Behavior<BrokerProtocol.Command> onCancelEverywhere(BrokerProtocol.CancelEverywhere cancel) {
    recentCancels.add(cancel.jobId(), System.nanoTime());
    for (ActorRef<LaneProtocol.Command> lane : handlers.keySet()) {
      if (!cancel.told().contains(lane)) {
        lane.tell(new LaneProtocol.CancelJob(cancel.jobId()));
      }
    }
    return this;
  }

  private Behavior<BrokerProtocol.Command> onTasksPulled(TasksPulled pulled) {
    Outstanding current = outstanding.get(new JobLane(pulled.jobId(), pulled.lane()));
    if (current == null || current.id() != pulled.pullId()) {
      // the answer to a pull written off as lost, whose credit was lent again: what it did
      // send used slots twice, so that much credit is taken back
      for (GrantUsed grant : pulled.grants()) {
        policy.consume(grant.laneRef(), grant.sent());
      }
      getContext().getLog().warn("Job {} answered a pull after it was written off; {} tasks counted against credit",
          pulled.jobId(), pulled.grants().stream().mapToInt(GrantUsed::sent).sum());
      return this;
    }
    if (pulled.queued() > 0) {
      queued.put(new JobLane(pulled.jobId(), pulled.lane()), pulled.queued());
    } else {
      queued.remove(new JobLane(pulled.jobId(), pulled.lane()));
    }
    outstanding.remove(new JobLane(pulled.jobId(), pulled.lane()));
    List<DispatchPolicy.Used<ActorRef<LaneProtocol.Command>>> used = new ArrayList<>();
    for (GrantUsed grant : pulled.grants()) {
      used.add(new DispatchPolicy.Used<>(grant.laneRef(), grant.granted(), grant.sent()));
    }
    policy.pulled(pulled.jobId(), pulled.lane(), used, pulled.queued() > 0 ? pulled.kinds() : Set.of());
    dispatch(pulled.lane());
    tellWaiting();
    return this;
  }

  private Behavior<BrokerProtocol.Command> onLaneTerminated(LaneTerminated terminated) {
    ActorRef<LaneProtocol.Command> ref = terminated.ref();
    if (policy.lane(ref) == null || watches.awaitingUp(ref)) {
      return this;
    }
    switch (watches.watchEnded(ref, System.nanoTime())) {
      case REWATCH -> {
        // Pekko ends every watch of actors at an address when a member at that address is removed,
        // whatever its incarnation: a worker that rejoined at its old address (after a pause or a
        // partition) can register its lanes before the removal of its old incarnation reaches this
        // node, and the removal then ends the watch of the new lanes. Their node is an Up member:
        // watch once more instead of writing them off (a lane really gone ends the second watch).
        getContext().getLog().info("Worker {} lane's watch ended while its node is up (an earlier incarnation's removal);"
            + " watching it again", ref.path().address());
        getContext().watchWith(ref, new LaneTerminated(ref));
      }
      case AWAIT_UP -> {
        // Pekko answers the watch of an actor at an address whose earlier member was removed with an
        // immediate Terminated until this node sees the new incarnation Up; the worker registered as
        // soon as it was Up in its own view (another node, the leader, moved it to Up). Kept until
        // then, and watched again (WatchEnd).
        getContext().getLog().info("Worker {} lane's watch ended before its node is up here; watching it again once it is"
            + " (at most {} s)", ref.path().address(), settings.laneUpWait().toSeconds());
      }
      case WRITE_OFF -> writeOff(ref);
    }
    return this;
  }

  private void writeOff(ActorRef<LaneProtocol.Command> ref) {
    watches.forget(ref);
    handlers.remove(ref);
    DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.remove(ref);
    if (entry != null) {
      getContext().unwatch(ref);
      getContext().getLog().warn("Worker {} lost its {} lane; {} jobs had tasks there",
          entry.worker(), entry.lane().wireName(), entry.jobsSeen().size());
      tellLost(entry);
      tellWaiting();
    }
  }

  /** Lanes waiting for their node: watched again once it is Up here, written off once it is removed. */
  private Behavior<BrokerProtocol.Command> onMemberChanged(MemberChanged changed) {
    LaneWatches.Changes changes = watches.memberChanged(changed.event());
    for (ActorRef<LaneProtocol.Command> ref : changes.rewatch()) {
      getContext().getLog().info("Worker {} is up here: watching its lane again", ref.path().address());
      getContext().watchWith(ref, new LaneTerminated(ref));
    }
    changes.writeOff().forEach(this::writeOff);
    return this;
  }

  private Behavior<BrokerProtocol.Command> onGetCatalog(GetCatalog get) {
    get.replyTo().tell(Catalogs.of(handlers, laneRef -> {
      DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.lane(laneRef);
      return entry == null ? null : entry.worker();
    }));
    return this;
  }

  private Behavior<BrokerProtocol.Command> onGetLanes(GetLanes get) {
    List<LaneInfo> lanes = new ArrayList<>();
    for (DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry : policy.lanes()) {
      lanes.add(new LaneInfo(entry.worker(), entry.lane(), entry.capacity(), entry.credit(),
          entry.capacity() - entry.credit()));
    }
    Map<Lane, Long> depth = new java.util.EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      depth.put(lane, 0L);
    }
    queued.forEach((jobLane, count) -> depth.merge(jobLane.lane(), (long) count, Long::sum));
    List<BrokerProtocol.MeasuredType> measured = new ArrayList<>();
    handlers.forEach((ref, offers) -> {
      DispatchPolicy.LaneEntry<ActorRef<LaneProtocol.Command>> entry = policy.lane(ref);
      if (entry != null && entry.lane() == Lane.CPU) { // a node's two lanes offer the same: count it once
        offers.values().stream().filter(offer -> offer.measured() != null).forEach(offer ->
            measured.add(new BrokerProtocol.MeasuredType(entry.worker(), offer.type(), offer.declared(), offer.measured())));
      }
    });
    get.replyTo().tell(new Lanes(lanes, policy.readyJobs(), depth, measured));
    return this;
  }

  private Behavior<BrokerProtocol.Command> onTick() {
    long now = System.nanoTime();
    Iterator<Outstanding> pulls = outstanding.values().iterator();
    List<Lane> replan = new ArrayList<>();
    while (pulls.hasNext()) {
      Outstanding pull = pulls.next();
      if (now - pull.deadline() > 0) {
        pulls.remove();
        getContext().getLog().warn("Job {} did not answer a pull for its {} lane; asking again",
            pull.pull().jobId(), pull.pull().lane().wireName());
        policy.pullLost(pull.pull());
        replan.add(pull.pull().lane());
      }
    }
    replan.forEach(this::dispatch);
    for (ActorRef<LaneProtocol.Command> ref : watches.overdue(now)) {
      getContext().getLog().warn("Worker {} was not up here within {} s of its lane's watch ending",
          ref.path().address(), settings.laneUpWait().toSeconds());
      writeOff(ref);
    }
    return this;
  }

  /** Tells the jobs whose tasks waiting for a worker that offers their type changed. */
  private void tellWaiting() {
    policy.waitingChanges().forEach((jobId, kinds) ->
        sharding.entityRefFor(JobEntity.TYPE_KEY, jobId).tell(new JobProtocol.KindsWaiting(kinds)));
  }

  /**
   * Who holds a job's tasks in flight, as the jobs track it: the worker's address and the lane
   * actor's incarnation. A worker restarted at the same address (local up, a StatefulSet, systemd)
   * is another owner, so the loss of the old one, noticed later, requeues only the old one's tasks,
   * never those the new one is running (they would run twice).
   */
  static String owner(ActorRef<LaneProtocol.Command> laneRef, String worker) {
    return worker + "#" + laneRef.path().uid();
  }

  private void dispatch(Lane lane) {
    long deadline = System.nanoTime() + settings.askTimeout().toNanos();
    for (DispatchPolicy.Pull<ActorRef<LaneProtocol.Command>> pull : policy.plan(lane)) {
      List<JobProtocol.Grant> grants = new ArrayList<>(pull.grants().size());
      for (DispatchPolicy.Grant<ActorRef<LaneProtocol.Command>> grant : pull.grants()) {
        grants.add(new JobProtocol.Grant(owner(grant.ref(), grant.worker()), grant.ref(), grant.max(), grant.kinds()));
      }
      long id = nextPullId++;
      outstanding.put(new JobLane(pull.jobId(), lane), new Outstanding(pull, deadline, id));
      sharding.entityRefFor(JobEntity.TYPE_KEY, pull.jobId())
          .tell(new JobProtocol.PullTasks(lane, grants, id, getContext().getSelf()));
    }
  }

}
