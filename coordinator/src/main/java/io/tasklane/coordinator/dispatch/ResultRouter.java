package io.tasklane.coordinator.dispatch;

import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
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
 * group, what arrives meanwhile is merged into the next (group commit), so a busy job writes
 * few large batches instead of many small ones. What waits here is bounded by the job's
 * unrecorded tasks ({@code tasklane.coordinator.dispatch.max-unrecorded}).
 */
public final class ResultRouter extends AbstractBehavior<ResultProtocol.Command> {

  /** A group was journaled (or failed to be: then it is sent again; duplicates are dropped). */
  private record Recorded(String jobId, List<ReportResults> group, Throwable failure) implements ResultProtocol.Command {}

  private static final class Pending {
    final List<ReportResults> waiting = new ArrayList<>();
    boolean sending;
  }

  private final CoordinatorSettings settings;
  private final ClusterSharding sharding;
  private final Map<String, Pending> jobs = new HashMap<>();

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
        .onMessage(Recorded.class, this::onRecorded)
        .build();
  }

  private Behavior<ResultProtocol.Command> onReportResults(ReportResults report) {
    Pending pending = jobs.computeIfAbsent(report.jobId(), id -> new Pending());
    pending.waiting.add(report);
    if (!pending.sending) {
      send(report.jobId(), pending);
    }
    return this;
  }

  private Behavior<ResultProtocol.Command> onRecorded(Recorded recorded) {
    Pending pending = jobs.get(recorded.jobId());
    if (pending == null) {
      return this;
    }
    pending.sending = false;
    if (recorded.failure() != null) {
      getContext().getLog().warn("Job {}: results not confirmed ({}); sending them again",
          recorded.jobId(), recorded.failure().toString());
      pending.waiting.addAll(0, recorded.group());
    }
    if (pending.waiting.isEmpty()) {
      jobs.remove(recorded.jobId());
    } else {
      send(recorded.jobId(), pending);
    }
    return this;
  }

  /**
   * A group is at most this many bytes of outcomes ({@link io.tasklane.protocol.task.TaskOutcome#estimatedBytes},
   * as the worker splits its batches), well under Artery's 4 MiB frame when the
   * job lives on another node. Worker batches are at most 1 MiB
   * (tasklane.worker.results.batch-max-bytes), so a group always takes at least one; small
   * outcomes make groups of thousands. A burst of results (5,000 sleeps ending together) is
   * then journaled in two or three writes instead of one write per three worker batches.
   */
  static final long MAX_GROUP_BYTES = 2L * 1024 * 1024;

  private void send(String jobId, Pending pending) {
    int size = groupSize(pending.waiting, MAX_GROUP_BYTES);
    List<ReportResults> group = List.copyOf(pending.waiting.subList(0, size));
    pending.waiting.subList(0, size).clear();
    pending.sending = true;
    getContext().pipeToSelf(
        sharding.entityRefFor(JobEntity.TYPE_KEY, jobId).<Done>ask(
            replyTo -> new JobProtocol.RecordResults(group, replyTo), settings.askTimeout()),
        (done, failure) -> new Recorded(jobId, group, failure));
  }

  /** How many of the first {@code waiting} batches fit in {@code maxBytes} (at least one). */
  static int groupSize(List<ReportResults> waiting, long maxBytes) {
    int size = 0;
    long bytes = 0;
    for (ReportResults batch : waiting) {
      long batchBytes = estimate(batch);
      if (size > 0 && bytes + batchBytes > maxBytes) {
        break;
      }
      bytes += batchBytes;
      size++;
    }
    return size;
  }

  static long estimate(ReportResults batch) {
    long bytes = 0;
    for (var outcome : batch.outcomes()) {
      bytes += outcome.estimatedBytes();
    }
    return bytes;
  }
}
