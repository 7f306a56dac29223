package io.tasklane.coordinator.http;

import io.tasklane.coordinator.index.JobIndex;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** The routes' way to a job and to the job index, wherever sharding keeps them. */
final class JobRefs {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  JobRefs(ClusterSharding sharding, Duration askTimeout) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  EntityRef<JobProtocol.Command> job(String id) {
    return sharding.entityRefFor(JobEntity.TYPE_KEY, id);
  }

  /** The job's status; null in the answer when there is no such job. */
  CompletionStage<JobProtocol.JobLookup> lookup(String id) {
    return job(id).ask(JobProtocol.GetJob::new, askTimeout);
  }

  EntityRef<JobIndexProtocol.Command> index() {
    return sharding.entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID);
  }
}
