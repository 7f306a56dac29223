package io.tasklane.coordinator.index;

import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.dispatch.JobIndexProtocol.GetJobs;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobList;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobIndexProtocol.NoteEnded;
import io.tasklane.protocol.dispatch.JobIndexProtocol.Unlist;
import io.tasklane.protocol.dispatch.JobIndexProtocol.WakeUnfinished;
import io.tasklane.protocol.dispatch.JobIndexProtocol.Write;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The list of jobs (one sharded, event-sourced entity): what {@code GET /api/jobs} shows, and
 * which jobs a restarted coordinator must resume. A job is listed before it is submitted.
 * Listings and ends arrive grouped from each node's {@link IndexWriter}.
 */
public final class JobIndex extends EventSourcedBehavior<JobIndexProtocol.Command, JobIndex.Event, JobIndex.State> {

  public static final EntityTypeKey<JobIndexProtocol.Command> TYPE_KEY =
      EntityTypeKey.create(JobIndexProtocol.Command.class, "tasklane-job-index");

  /** The catalog, rebuilt from the events (no snapshot: events are small). */
  public static final class State {
    final JobCatalog catalog;

    State(int maxEnded) {
      this.catalog = new JobCatalog(maxEnded);
    }
  }

  public sealed interface Event extends CborSerializable {}

  public record Listed(JobSummary job) implements Event {}

  /** {@code total}: the job's final task count; null in events journaled before it was kept. */
  public record Ended(String jobId, JobState state, long at, Long total) implements Event {}

  public record Unlisted(String jobId) implements Event {}

  private final ActorContext<JobIndexProtocol.Command> context;
  private final CoordinatorSettings settings;

  public static Behavior<JobIndexProtocol.Command> create(String entityId, CoordinatorSettings settings) {
    return Behaviors.setup(context -> new JobIndex(entityId, context, settings));
  }

  private JobIndex(String entityId, ActorContext<JobIndexProtocol.Command> context, CoordinatorSettings settings) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId));
    this.context = context;
    this.settings = settings;
  }

  @Override
  public State emptyState() {
    return new State(settings.maxEndedJobsListed());
  }

  @Override
  public CommandHandler<JobIndexProtocol.Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Write.class, this::onWrite)
        .onCommand(NoteEnded.class, (state, ended) -> state.catalog.isRunning(ended.jobId())
            ? Effect().persist(new Ended(ended.jobId(), ended.state(), ended.endedAt(), ended.total()))
            : Effect().none())
        .onCommand(Unlist.class, (state, unlist) -> state.catalog.contains(unlist.jobId())
            ? Effect().persist(new Unlisted(unlist.jobId()))
            : Effect().none())
        .onCommand(GetJobs.class, (state, get) ->
            Effect().reply(get.replyTo(), new JobList(
                state.catalog.newest(get.state(), get.offset(), Math.max(1, get.limit())),
                state.catalog.matching(get.state()), state.catalog.forgotten())))
        .onCommand(WakeUnfinished.class, this::onWake)
        .build();
  }

  /** One journal write for a node's gathered listings and ends (see IndexWriter). */
  private org.apache.pekko.persistence.typed.javadsl.Effect<Event, State> onWrite(State state, Write write) {
    List<Event> events = new java.util.ArrayList<>();
    java.util.Set<String> listedNow = new java.util.HashSet<>();
    for (JobSummary job : write.listed()) {
      if (!state.catalog.contains(job.id()) && listedNow.add(job.id())) {
        events.add(new Listed(job));
      }
    }
    java.util.Set<String> endedNow = new java.util.HashSet<>();
    for (NoteEnded ended : write.ended()) {
      boolean running = state.catalog.isRunning(ended.jobId()) || listedNow.contains(ended.jobId());
      if (running && endedNow.add(ended.jobId())) {
        events.add(new Ended(ended.jobId(), ended.state(), ended.endedAt(), ended.total()));
      }
    }
    if (events.isEmpty()) {
      return Effect().reply(write.replyTo(), StatusReply.success(Done.getInstance()));
    }
    return Effect().persist(events).thenReply(write.replyTo(), s -> StatusReply.success(Done.getInstance()));
  }

  private org.apache.pekko.persistence.typed.javadsl.Effect<Event, State> onWake(State state, WakeUnfinished wake) {
    // A job listed moments ago may still be on its way to being persisted: leave it be.
    List<String> unfinished = state.catalog.unfinished(System.currentTimeMillis() - settings.wakeGrace().toMillis());
    context.getLog().debug("Waking {} unfinished jobs", unfinished.size());
    ClusterSharding sharding = ClusterSharding.get(context.getSystem());
    for (String jobId : unfinished) {
      sharding.entityRefFor(JobEntity.TYPE_KEY, jobId).tell(JobProtocol.Resume.INSTANCE);
    }
    return Effect().none();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Listed.class, (state, listed) -> {
          state.catalog.add(listed.job());
          return state;
        })
        .onEvent(Ended.class, (state, ended) -> {
          state.catalog.end(ended.jobId(), ended.state(), ended.at(), ended.total());
          return state;
        })
        .onEvent(Unlisted.class, (state, unlisted) -> {
          state.catalog.remove(unlisted.jobId());
          return state;
        })
        .build();
  }
}
