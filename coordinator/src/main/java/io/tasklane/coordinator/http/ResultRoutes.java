package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.coordinator.settings.ResultStreamSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Where the next page starts ({@code -1}: no more), how many results may still go out, and the
   * bytes of a result line as last seen ({@code 0}: none seen yet), which sizes the next page.
   */
  private record Cursor(int from, long remaining, long lineBytes) {}

  /** How a stream asks the job for a page of at most {@code max} results from {@code from} on. */
  private interface Ask {
    CompletionStage<JobProtocol.ResultsPage> page(int from, int max);
  }

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ResultStreamSettings streams;
  private final PageBudget budget;
  private final JobRefs jobs;

  ResultRoutes(ActorSystem<?> system, CoordinatorSettings settings, ResultStreamSettings streams, JobRefs jobs) {
    this.system = system;
    this.settings = settings;
    this.streams = streams;
    this.budget = new PageBudget(streams.budgetBytes());
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
    return stream(query.from(), query.limit(), (from, max) -> job.ask(
        replyTo -> new JobProtocol.GetResults(from, max, query.failedOnly(), replyTo), settings.askTimeout()));
  }

  /**
   * {@code ?follow=true}: results as the tasks end, until the job has ended and each was sent;
   * with {@code after=N} from the (N+1)-th task to end on (the order is the journal's, the same
   * after a coordinator restart). The job answers when it has new results; an empty page (none
   * for a while, or too many waiting on it) is asked again a little later. While none come, a
   * blank line every results-follow-keep-alive keeps the connection from idling out (ndjson
   * readers skip blank lines).
   */
  Source<ByteString, NotUsed> followed(EntityRef<JobProtocol.Command> job, Queries.ResultsQuery query) {
    return stream(query.after(), query.limit(), (from, max) -> job.<JobProtocol.ResultsPage>ask(
            replyTo -> new JobProtocol.FollowResults(from, max, query.failedOnly(), replyTo), CoordinatorSettings.FOLLOW_ASK)
            .thenCompose(page -> page.count() == 0 && !page.complete() ? later(page)
                : CompletableFuture.completedFuture(page))
            .exceptionally(failure -> {
              Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
              if (cause instanceof TimeoutException) {
                return new JobProtocol.ResultsPage("", 0, from, false); // ask again
              }
              throw new CompletionException(cause);
            }))
        .keepAlive(settings.followKeepAlive(), () -> ByteString.fromString("\n"));
  }

  /**
   * Pages asked for one at a time as the reader takes them (a page is asked only once the last
   * went on to the connection), each within this node's {@link PageBudget} (a stream that finds
   * no room waits), sized to about results-streams.page-bytes, and sent in pieces of at most
   * chunk-bytes. A reader that takes nothing for stall-timeout has its stream closed.
   */
  private Source<ByteString, NotUsed> stream(int start, long limit, Ask ask) {
    PageBudget.Lease lease = budget.lease();
    return Source.unfoldAsync(new Cursor(start, limit, 0), cursor -> {
          if (cursor.from() < 0 || cursor.remaining() <= 0) {
            lease.end();
            return CompletableFuture.completedFuture(Optional.<Pair<Cursor, ByteString>>empty());
          }
          int max = pageSize(cursor);
          long expected = cursor.lineBytes() == 0 ? streams.pageBytes()
              : Math.min(settings.maxMessageBytes(), max * cursor.lineBytes());
          if (!lease.next(expected)) {
            return later(Optional.of(Pair.create(cursor, ByteString.emptyByteString()))); // no room: wait
          }
          return ask.page(cursor.from(), max).thenApply(page -> {
            ByteString lines = ByteString.fromString(page.lines(), StandardCharsets.UTF_8);
            lease.resize(lines.size());
            long lineBytes = page.count() == 0 ? cursor.lineBytes() : Math.max(1, lines.size() / page.count());
            return Optional.of(Pair.create(
                new Cursor(page.complete() ? -1 : page.next(), cursor.remaining() - page.count(), lineBytes), lines));
          });
        })
        .filter(bytes -> !bytes.isEmpty())
        .mapConcat(this::pieces)
        .backpressureTimeout(streams.stallTimeout())
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ended, failure) -> lease.end());
          return notUsed;
        });
  }

  /** A page in pieces of at most chunk-bytes, each its own copy, so a piece sent is a piece freed. */
  private List<ByteString> pieces(ByteString page) {
    List<ByteString> pieces = new ArrayList<>();
    for (int at = 0; at < page.size(); at += streams.chunkBytes()) {
      pieces.add(page.slice(at, Math.min(page.size(), at + streams.chunkBytes())).compact());
    }
    return pieces;
  }

  /**
   * Results to ask for: at most results-page, what may still go out, and about page-bytes of
   * them; one at first, when their size is not known yet (so a crowd of new streams does not
   * each bring a page of max-message-bytes past the room it took).
   */
  private int pageSize(Cursor cursor) {
    long bySize = cursor.lineBytes() == 0 ? 1 : Math.max(1, streams.pageBytes() / cursor.lineBytes());
    return (int) Math.min(Math.min(settings.resultsPage(), cursor.remaining()), bySize);
  }

  private <T> CompletionStage<T> later(T value) {
    return Patterns.after(settings.followRetry(), system.classicSystem().scheduler(), system.executionContext(),
        () -> CompletableFuture.completedFuture(value));
  }
}
