package io.tasklane.coordinator.dispatch;

import io.tasklane.coordinator.commit.GroupCommit;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol.ConfirmRecorded;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.dispatch.ResultProtocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Where workers deliver results, one per coordinator node. It forwards them to whichever node
 * holds the job now (through sharding), one group at a time per job: while a job journals one
 * group, what arrives meanwhile is merged into the next ({@link GroupCommit}), so a busy job
 * writes few large batches instead of many small ones. What waits here is bounded by the job's
 * unrecorded tasks ({@code tasklane.coordinator.dispatch.max-unrecorded}).
 *
 * <p>A draining lane asks, per job, to hear when its results are journaled ({@link
 * ConfirmRecorded}) before it unregisters: its job then requeues only what truly has no result.
 */
public final class ResultRouter extends AbstractBehavior<ResultProtocol.Command> {

  /** A group was journaled (or failed to be: then it is sent again; duplicates are dropped). */
  private record Recorded(String jobId, List<ReportResults> group, Throwable failure) implements ResultProtocol.Command {}

  private final CoordinatorSettings settings;
  private final ClusterSharding sharding;
  private final Map<String, JobResults<ActorRef<LaneProtocol.Command>>> jobs = new HashMap<>();

  public static Behavior<ResultProtocol.Command> create(CoordinatorSettings settings) {
    return Behaviors.setup(context -> new ResultRouter(context, settings));
  }

  private ResultRouter(ActorContext<ResultProtocol.Command> context, CoordinatorSettings settings) {
    super(context);
    this.settings = settings;
    this.sharding = ClusterSharding.get(context.getSystem());
    context.getSystem().receptionist().tell(Receptionist.register(ResultProtocol.SERVICE_KEY, context.getSelf()));
  }

  @Override
  public Receive<ResultProtocol.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ReportResults.class, this::onReportResults)
        .onMessage(ConfirmRecorded.class, this::onConfirmRecorded)
        .onMessage(Recorded.class, this::onRecorded)
        .build();
  }

  /**
   * A job's groups: at most {@code maxBytes} of outcomes ({@link #estimate}, as the worker splits
   * its batches; tasklane.coordinator.max-message-bytes), as the job may live on another node.
   * A group always takes at least one worker batch (at most tasklane.worker.results.batch-max-bytes);
   * small outcomes make groups of thousands, so a burst of results (5,000 sleeps ending
   * together) is journaled in a few writes instead of one per worker batch.
   */
  static GroupCommit<ReportResults> groups(long maxBytes) {
    return new GroupCommit<>(Integer.MAX_VALUE, maxBytes, ResultRouter::estimate);
  }

  private Behavior<ResultProtocol.Command> onReportResults(ReportResults report) {
    JobResults<ActorRef<LaneProtocol.Command>> job =
        jobs.computeIfAbsent(report.jobId(), id -> new JobResults<>(groups(settings.maxMessageBytes())));
    send(report.jobId(), job.add(report));
    return this;
  }

  private Behavior<ResultProtocol.Command> onConfirmRecorded(ConfirmRecorded confirm) {
    JobResults<ActorRef<LaneProtocol.Command>> job = jobs.get(confirm.jobId());
    if (job == null || job.confirm(confirm.laneRef())) {
      confirm.laneRef().tell(new LaneProtocol.ResultsRecorded(confirm.jobId()));
    }
    return this;
  }

  private Behavior<ResultProtocol.Command> onRecorded(Recorded recorded) {
    JobResults<ActorRef<LaneProtocol.Command>> job = jobs.get(recorded.jobId());
    if (job == null) {
      return this;
    }
    List<ReportResults> next;
    if (recorded.failure() == null) {
      next = job.written(recorded.group());
      job.confirmed().forEach(lane -> lane.tell(new LaneProtocol.ResultsRecorded(recorded.jobId())));
    } else {
      getContext().getLog().warn("Job {}: results not confirmed ({}); sending them again",
          recorded.jobId(), recorded.failure().toString());
      next = job.failed(recorded.group());
    }
    if (job.isIdle()) {
      jobs.remove(recorded.jobId());
    }
    send(recorded.jobId(), next);
    return this;
  }

  private void send(String jobId, List<ReportResults> group) {
    if (group.isEmpty()) {
      return;
    }
    getContext().pipeToSelf(
        sharding.entityRefFor(JobEntity.TYPE_KEY, jobId).<Done>ask(
            replyTo -> new JobProtocol.RecordResults(group, replyTo), settings.askTimeout()),
        (done, failure) -> new Recorded(jobId, group, failure));
  }

  /** The bytes of a worker batch's outcomes, as {@link io.tasklane.protocol.task.TaskOutcome#estimatedBytes} counts them. */
  static long estimate(ReportResults batch) {
    long bytes = 0;
    for (var outcome : batch.outcomes()) {
      bytes += outcome.estimatedBytes();
    }
    return bytes;
  }
}
