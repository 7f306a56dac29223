package io.tasklane.coordinator.dispatch;

import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Where workers deliver results, one per coordinator node: forwards each batch to whichever
 * node holds the job now (through sharding), so results survive a job moving.
 */
public final class ResultRouter {

  private ResultRouter() {}

  public static Behavior<ResultProtocol.Command> create() {
    return Behaviors.setup(context -> {
      ClusterSharding sharding = ClusterSharding.get(context.getSystem());
      context.getSystem().receptionist().tell(Receptionist.register(ResultProtocol.SERVICE_KEY, context.getSelf()));
      return Behaviors.receive(ResultProtocol.Command.class)
          .onMessage(ReportResults.class, report -> {
            sharding.entityRefFor(JobEntity.TYPE_KEY, report.jobId())
                .tell(new JobProtocol.RecordResults(report.worker(), report.lane(), report.outcomes()));
            return Behaviors.same();
          })
          .build();
    });
  }
}
