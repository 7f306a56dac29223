package io.tasklane.coordinator.http;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The second half of a posted job file with {@code wait}: the answer once the job (or the
 * appended tasks) ended, results inline; if that does not come within
 * tasklane.coordinator.wait.max-time, the usual 202.
 */
final class Waits {

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final JobRefs jobs;

  Waits(ActorSystem<?> system, CoordinatorSettings settings, JobRefs jobs) {
    this.system = system;
    this.settings = settings;
    this.jobs = jobs;
  }

  /** For submit with wait: once the job ended, 200 with its state and results inline. */
  CompletionStage<HttpResponse> jobEnd(JobIntake.Decision decision, HttpResponse accepted) {
    if (accepted.status().intValue() >= 300) {
      return CompletableFuture.completedFuture(accepted);
    }
    String id = decision.jobId();
    EntityRef<JobProtocol.Command> job = jobs.job(id);
    return job.<JobProtocol.JobEnded>ask(JobProtocol.AwaitEnd::new, settings.maxWait())
        .thenApply(end -> Json.response(StatusCodes.OK, PostedBodies.Waited.of(id, decision.spec().taskCount(),
            JobStatusBody.of(end.status()), end.results(), end.resultsInline(), "/api/jobs/" + id + "/results")))
        .exceptionally(failure -> {
          system.log().warn("Job {}: no end to report to a waiting submit: {}", id, failure.toString());
          return accepted;
        });
  }

  /** For an append with wait: once its tasks ended, 200 with their results inline. */
  CompletionStage<HttpResponse> tasksEnd(EntityRef<JobProtocol.Command> job, String id,
      JobProtocol.Appended appended, PostedBodies.Appended answer) {
    return job.<JobProtocol.TasksEnded>ask(
            replyTo -> new JobProtocol.AwaitTasks(appended.first(), appended.count(), replyTo), settings.maxWait())
        .thenApply(ended -> {
          String url = "/api/jobs/" + id + "/results?from=" + appended.first() + "&limit=" + appended.count();
          if (ended.results() == null) {
            return Json.response(StatusCodes.ACCEPTED, answer.withMessage(
                "too many requests wait on this job's tasks; fetch their results from " + url + " once they ended"));
          }
          return Json.response(StatusCodes.OK, answer.withResults(ended.results(), ended.resultsInline(), url));
        })
        .exceptionally(failure -> {
          system.log().warn("Job {}: no results to report to a waiting append: {}", id, failure.toString());
          return Json.response(StatusCodes.ACCEPTED, answer);
        });
  }
}
