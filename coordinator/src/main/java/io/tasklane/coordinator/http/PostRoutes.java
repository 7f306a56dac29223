package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol.Catalog;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;

/**
 * Posted job files: {@code POST /api/jobs} submits a job, {@code POST /api/jobs/{id}/tasks}
 * appends tasks to an open one; with {@code wait}, the answer comes once they ended
 * ({@link Waits}).
 */
final class PostRoutes {

  /** How a posted job file becomes a decision: a job to submit, tasks to append, or a rejection. */
  private interface Decide {
    JobIntake.Decision decide(HttpRequest request, Submission submission, Catalog catalog);
  }

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final JobRefs jobs;
  private final ActorRef<JobIndexProtocol.Command> indexWriter;
  private final CatalogCache catalog;
  private final JobIntake intake;
  private final Waits waits;

  PostRoutes(ActorSystem<?> system, CoordinatorSettings settings, JobRefs jobs,
      ActorRef<JobIndexProtocol.Command> indexWriter, CatalogCache catalog) {
    this.system = system;
    this.settings = settings;
    this.jobs = jobs;
    this.indexWriter = indexWriter;
    this.catalog = catalog;
    this.intake = new JobIntake(settings);
    this.waits = new Waits(system, settings, jobs);
  }

  Route submit(boolean wait) {
    return posted(wait,
        (request, submission, offered) -> {
          Optional<String> key = request.getHeader("Idempotency-Key").map(HttpHeader::value);
          return intake.decide(submission, offered, () -> key.map(JobIds::forKey).orElseGet(JobIds::newJobId));
        },
        tasks -> "wait=true is for jobs of at most " + settings.maxWaitTasks() + " tasks; this one has "
            + tasks + ": follow /events and fetch /results instead",
        decision -> {
          CompletionStage<HttpResponse> submitted = listAndSubmit(decision);
          return wait ? submitted.thenCompose(accepted -> waits.jobEnd(decision, accepted)) : submitted;
        });
  }

  /**
   * Appends tasks to an open job: 202 with the index of the first and how many, once journaled;
   * with wait, 200 once they have all ended, their results inline.
   */
  Route append(String id, boolean wait) {
    EntityRef<JobProtocol.Command> job = jobs.job(id);
    return optionalHeaderValueByName("Idempotency-Key", key -> posted(wait,
        (request, submission, offered) -> intake.decideAppend(submission, offered),
        tasks -> "wait=true is for at most " + settings.maxWaitTasks() + " tasks at once; these are " + tasks,
        decision -> job.<JobProtocol.Appended>ask(
                replyTo -> new JobProtocol.AppendTasks(decision.spec().tasks(), key.map(JobIds::forKey).orElse(null),
                    wait, replyTo), settings.askTimeout())
            .thenCompose(appended -> {
              if (appended.status() == null) {
                return CompletableFuture.completedFuture(Json.noSuchJob(id));
              }
              if (appended.tooManyWaiting()) {
                // nothing was appended: safe to send again
                return CompletableFuture.completedFuture(Json.error(StatusCodes.SERVICE_UNAVAILABLE, appended.refused())
                    .addHeader(RetryAfter.create(1L)));
              }
              if (appended.refused() != null) {
                return CompletableFuture.completedFuture(Json.error(StatusCodes.CONFLICT, appended.refused()));
              }
              PostedBodies.Appended answer =
                  PostedBodies.Appended.of(id, appended.first(), appended.count(), appended.repeated());
              return wait ? waits.tasksEnd(job, id, appended, answer)
                  : CompletableFuture.completedFuture(Json.response(StatusCodes.ACCEPTED, answer));
            })));
  }

  /**
   * A posted job file (raw or envelope): decided on against the task types the workers offer;
   * a rejection is the answer, as is a wait for more tasks than answers carry ({@code tooMany});
   * an accepted one goes on to {@code accepted}.
   */
  private Route posted(boolean wait, Decide decide, LongFunction<String> tooMany,
      Function<JobIntake.Decision, CompletionStage<HttpResponse>> accepted) {
    return extractRequest(request -> entity(Unmarshaller.entityToString(), body -> {
      Submission submission;
      try {
        submission = submissionOf(request, body);
      } catch (IllegalArgumentException invalid) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, invalid.getMessage()));
      }
      // a spec refused on a recent catalog is decided again on a fresh one (a worker with new
      // task types may have joined since): only accepted specs skip asking the broker
      return completeWithFuture(catalog.recent()
          .thenCompose(recent -> {
            JobIntake.Decision decision = decide.decide(request, submission, recent);
            return decision.rejection() == null ? CompletableFuture.completedFuture(decision)
                : catalog.fresh().thenApply(fresh -> decide.decide(request, submission, fresh))
                    .exceptionally(noFreshCatalog -> decision);
          })
          .thenCompose(decision -> {
            if (decision.rejection() != null) {
              return CompletableFuture.completedFuture(decision.rejection());
            }
            if (wait && decision.spec().taskCount() > settings.maxWaitTasks()) {
              return CompletableFuture.completedFuture(Json.error(StatusCodes.BAD_REQUEST,
                  tooMany.apply(decision.spec().taskCount())));
            }
            return accepted.apply(decision);
          }));
    }));
  }

  /** The posted job file, raw or in the submission envelope (then with its attachments). */
  private static Submission submissionOf(HttpRequest request, String body) {
    String mediaType = request.entity().getContentType().mediaType().toString();
    if (mediaType.startsWith(Submission.ENVELOPE_MEDIA_TYPE)) {
      return Submission.fromEnvelope(body);
    }
    String file = request.getHeader("X-Tasklane-File").map(HttpHeader::value).orElse("request");
    return new Submission(file, body, Map.of());
  }

  /** The job is listed first, so that a restarted coordinator finds it even if it crashed now. */
  private CompletionStage<HttpResponse> listAndSubmit(JobIntake.Decision decision) {
    String jobId = decision.jobId();
    long now = System.currentTimeMillis();
    JobIndexProtocol.JobSummary summary = new JobIndexProtocol.JobSummary(
        jobId, decision.spec().name(), JobState.running, now, null, decision.spec().taskCount());
    // Listed and persisted in parallel; answered only once both are journaled. A listing whose
    // job never got persisted is dropped when the index wakes it (the job says it has none).
    CompletionStage<Done> listed = AskPattern.askWithStatus(indexWriter,
        replyTo -> new JobIndexProtocol.ListJob(summary, replyTo), settings.askTimeout(), system.scheduler());
    CompletionStage<JobProtocol.JobAccepted> submitted = jobs.job(jobId).askWithStatus(
        replyTo -> new JobProtocol.SubmitJob(decision.spec(), now, replyTo), settings.askTimeout());
    return submitted.thenCombine(listed, (accepted, done) -> accepted)
        .thenApply(accepted -> Json.response(accepted.created() ? StatusCodes.ACCEPTED : StatusCodes.OK,
                new PostedBodies.Submitted(accepted.id(), accepted.created(), decision.spec().taskCount()))
            .addHeader(Location.create("/api/jobs/" + accepted.id())))
        .exceptionally(failure -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof StatusReply.ErrorMessage conflict) {
            return Json.error(StatusCodes.CONFLICT, conflict.getMessage());
          }
          throw new CompletionException(cause);
        });
  }
}
