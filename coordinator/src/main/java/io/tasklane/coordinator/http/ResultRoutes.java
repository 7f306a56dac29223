package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /api/jobs/{id}/results}: a job's results as JSON lines, streamed page by page
 * (the job's lines go out as they are, no JSON written here), or with {@code follow} as its
 * tasks end.
 */
final class ResultRoutes {

  static final ContentType NDJSON = ContentTypes.create(
      MediaTypes.customWithFixedCharset("application", "x-ndjson", HttpCharsets.UTF_8, Map.of(), false));

  /** Where the next page starts ({@code -1}: no more), and how many results may still go out. */
  private record Cursor(int from, long remaining) {}

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final JobRefs jobs;

  ResultRoutes(ActorSystem<?> system, CoordinatorSettings settings, JobRefs jobs) {
    this.system = system;
    this.settings = settings;
    this.jobs = jobs;
  }

  Route results(String id) {
    return parameterOptional("failed", failed -> parameterOptional("limit", limit -> parameterOptional("from", from ->
        parameterOptional("follow", follow -> parameterOptional("after", after -> {
          Queries.ResultsQuery query;
          try {
            query = Queries.ResultsQuery.parse(failed, limit, from, follow, after);
          } catch (Queries.BadQuery bad) {
            return complete(Json.error(StatusCodes.BAD_REQUEST, bad.getMessage()));
          }
          return onSuccess(jobs.lookup(id), lookup -> lookup.status() == null
              ? complete(Json.noSuchJob(id))
              : complete(HttpResponse.create().withEntity(HttpEntities.create(NDJSON,
                  query.follow() ? followed(jobs.job(id), query) : paged(jobs.job(id), query)))));
        })))));
  }

  /** The results there are, in task order from {@code from} on. */
  private Source<ByteString, NotUsed> paged(EntityRef<JobProtocol.Command> job, Queries.ResultsQuery query) {
    return Source.unfoldAsync(new Cursor(query.from(), query.limit()), cursor -> cursor.from() < 0 || cursor.remaining() <= 0
            ? CompletableFuture.completedFuture(Optional.<Pair<Cursor, ByteString>>empty())
            : job.<JobProtocol.ResultsPage>ask(replyTo -> new JobProtocol.GetResults(cursor.from(),
                    pageSize(cursor), query.failedOnly(), replyTo), settings.askTimeout())
                .thenApply(page -> Optional.of(next(cursor, page))))
        .filter(bytes -> !bytes.isEmpty());
  }

  /**
   * {@code ?follow=true}: results as the tasks end, until the job has ended and each was sent;
   * with {@code after=N} from the (N+1)-th task to end on (the order is the journal's, the same
   * after a coordinator restart).
   * A page is asked for as soon as the previous one is out; the job answers when it has new
   * results. While none come, a blank line every results-follow-keep-alive keeps the
   * connection from idling out (ndjson readers skip blank lines).
   */
  Source<ByteString, NotUsed> followed(EntityRef<JobProtocol.Command> job, Queries.ResultsQuery query) {
    return Source.unfoldAsync(new Cursor(query.after(), query.limit()), cursor -> {
      if (cursor.from() < 0 || cursor.remaining() <= 0) {
        return CompletableFuture.completedFuture(Optional.<Pair<Cursor, ByteString>>empty());
      }
      return job.<JobProtocol.ResultsPage>ask(replyTo -> new JobProtocol.FollowResults(cursor.from(),
              pageSize(cursor), query.failedOnly(), replyTo), CoordinatorSettings.FOLLOW_ASK)
          .thenCompose(page -> {
            Optional<Pair<Cursor, ByteString>> next = Optional.of(next(cursor, page));
            // an empty page: the job had no new result for a while, or too many were waiting
            // on it; ask again a little later rather than at once
            return page.count() == 0 && !page.complete() ? later(next) : CompletableFuture.completedFuture(next);
          })
          .exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
              return Optional.of(Pair.create(cursor, ByteString.emptyByteString())); // ask again
            }
            throw new CompletionException(cause);
          });
    }).filter(bytes -> !bytes.isEmpty())
        .keepAlive(settings.followKeepAlive(), () -> ByteString.fromString("\n"));
  }

  private int pageSize(Cursor cursor) {
    return (int) Math.min(settings.resultsPage(), cursor.remaining());
  }

  private static Pair<Cursor, ByteString> next(Cursor cursor, JobProtocol.ResultsPage page) {
    return Pair.create(new Cursor(page.complete() ? -1 : page.next(), cursor.remaining() - page.count()),
        ByteString.fromString(page.lines(), StandardCharsets.UTF_8));
  }

  private <T> CompletionStage<T> later(T value) {
    return Patterns.after(settings.followRetry(), system.classicSystem().scheduler(), system.executionContext(),
        () -> CompletableFuture.completedFuture(value));
  }
}
