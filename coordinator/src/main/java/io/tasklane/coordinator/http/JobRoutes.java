package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/jobs…}: the table of the job routes. Listing, status, cancel and close are here;
 * posting a job or tasks ({@link PostRoutes}), results ({@link ResultRoutes}), events
 * ({@link EventRoutes}) and the history ({@link HistoryRoutes}) have their own classes.
 */
final class JobRoutes {

  private final CoordinatorSettings settings;
  private final JobRefs jobs;
  private final PostRoutes posts;
  private final ResultRoutes results;
  private final EventRoutes events;
  private final HistoryRoutes history;

  JobRoutes(CoordinatorSettings settings, JobRefs jobs, PostRoutes posts, ResultRoutes results, EventRoutes events,
      HistoryRoutes history) {
    this.settings = settings;
    this.jobs = jobs;
    this.posts = posts;
    this.results = results;
    this.events = events;
    this.history = history;
  }

  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> parameterOptional("wait", wait -> posts.submit(Queries.isTrue(wait)))),
            get(() -> parameterOptional("state", state -> parameterOptional("limit", limit ->
                parameterOptional("offset", offset -> list(state, limit, offset))))))),
        pathPrefix(PathMatchers.segment(), id -> JobIds.isValid(id)
            ? concat(
                pathEndOrSingleSlash(() -> concat(get(() -> status(id)), delete(() -> cancel(id)))),
                path("tasks", () -> post(() -> parameterOptional("wait", wait -> posts.append(id, Queries.isTrue(wait))))),
                path("close", () -> post(() -> close(id))),
                path("results", () -> get(() -> results.results(id))),
                path("events", () -> get(() -> events.events(id))),
                path("history", () -> get(() -> history.history(id))))
            : complete(Json.noSuchJob(id))));
  }

  private Route list(Optional<String> state, Optional<String> limit, Optional<String> offset) {
    Queries.JobsQuery query;
    try {
      query = Queries.JobsQuery.parse(state, limit, offset);
    } catch (Queries.BadQuery bad) {
      return complete(Json.error(StatusCodes.BAD_REQUEST, bad.getMessage()));
    }
    return completeWithFuture(jobs.index().<JobIndexProtocol.JobList>ask(
            replyTo -> new JobIndexProtocol.GetJobs(query.state(), query.offset(), query.limit(), replyTo),
            settings.askTimeout())
        .thenApply(list -> Json.response(StatusCodes.OK, JobListBody.of(list, query.offset()))));
  }

  private Route status(String id) {
    return completeWithFuture(jobs.lookup(id).thenApply(lookup -> lookup.status() == null
        ? Json.noSuchJob(id)
        : Json.response(StatusCodes.OK, JobStatusBody.of(lookup.status()))));
  }

  /**
   * Cancels a running job (202 with its status after); an ended one is left as it is (200). The
   * job itself decides which, in its turn: of two cancels sent together, or a cancel racing the
   * job's last result, exactly the one that ended it is answered 202 (a look first, then a
   * cancel, answered 202 to both, and 202 with {@code "state":"succeeded"} when the last result
   * came in between).
   */
  private Route cancel(String id) {
    return completeWithFuture(jobs.job(id).<JobProtocol.JobLookup>ask(JobProtocol.CancelJob::new, settings.askTimeout())
        .thenApply(after -> {
          if (after.status() == null) {
            return Json.noSuchJob(id);
          }
          if (after.changed()) {
            return Json.response(StatusCodes.ACCEPTED, JobStatusBody.of(after.status()));
          }
          return Json.response(StatusCodes.OK, JobStatusBody.of(after.status())
              .withMessage("job already ended: " + after.status().state().name()));
        }));
  }

  /** No more tasks for an open job: 200 with its status after (it ends once its tasks have). */
  private Route close(String id) {
    return completeWithFuture(jobs.job(id)
        .<JobProtocol.JobLookup>ask(JobProtocol.CloseJob::new, settings.askTimeout())
        .thenApply(lookup -> lookup.status() == null
            ? Json.noSuchJob(id)
            : Json.response(StatusCodes.OK, JobStatusBody.of(lookup.status()))));
  }
}
