package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;

import io.tasklane.coordinator.dashboard.DashboardSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/dashboard/events?state&offset&limit&job}: one stream per open dashboard page,
 * with all it shows: {@code cluster} (nodes, worker lanes with tasks per second, queues),
 * {@code jobs} (a page of the list with every job's counts, rate and ETA) and, with {@code job},
 * {@code job} (that job's status, rate and ETA). Each is looked at every dashboard interval and
 * sent only when it changed, so a quiet cluster sends nothing but heartbeats. At most
 * {@code max-streams} are open at once on a node (503 past it): a page costs a few asks a tick,
 * whatever the number of jobs.
 */
final class DashboardStream {

  private final DashboardSettings dashboard;
  private final DashboardSnapshots snapshots;
  private final AtomicInteger open = new AtomicInteger();

  DashboardStream(DashboardSettings dashboard, DashboardSnapshots snapshots) {
    this.dashboard = dashboard;
    this.snapshots = snapshots;
  }

  /** What one page watches: a page of the job list (state null for all) and maybe one job. */
  record Watch(Queries.JobsQuery page, String job) {}

  Route events(Optional<String> state, Optional<String> offset, Optional<String> limit, Optional<String> job) {
    Watch watch;
    try {
      watch = watch(state, offset, limit, job);
    } catch (Queries.BadQuery bad) {
      return complete(Json.error(StatusCodes.BAD_REQUEST, bad.getMessage()));
    }
    if (open.incrementAndGet() > dashboard.maxStreams()) {
      open.decrementAndGet();
      return complete(Json.error(StatusCodes.SERVICE_UNAVAILABLE, "too many dashboard streams open on this node ("
          + dashboard.maxStreams() + ", tasklane.coordinator.dashboard.max-streams); close a page or retry"));
    }
    return completeOK(changes(watch), EventStreamMarshalling.toEventStream());
  }

  Watch watch(Optional<String> state, Optional<String> offset, Optional<String> limit, Optional<String> job) {
    Queries.JobsQuery page = Queries.JobsQuery.parse(state, Optional.of(limit.orElse("20")), offset);
    if (limit.isPresent() && page.limit() > dashboard.maxPage()) {
      throw new Queries.BadQuery("limit must be at most " + dashboard.maxPage()
          + " (tasklane.coordinator.dashboard.max-page) for a live page");
    }
    if (job.isPresent() && !JobIds.isValid(job.get())) {
      throw new Queries.BadQuery("job must be a job id");
    }
    return new Watch(page, job.orElse(null));
  }

  int openStreams() {
    return open.get();
  }

  private Source<ServerSentEvent, NotUsed> changes(Watch watch) {
    DashboardSnapshots.View view = snapshots.view(watch);
    String[] last = new String[3];
    boolean[] first = {true};
    return Source.tick(java.time.Duration.ZERO, dashboard.interval(), "tick")
        .mapAsync(1, tick -> safely(view.cluster()).thenCombine(safely(view.jobs()), List::of)
            .thenCombine(safely(view.job()), (two, third) -> List.of(orEmpty(two.get(0)), orEmpty(two.get(1)),
                orEmpty(third))))
        .mapConcat(now -> {
          List<ServerSentEvent> out = new ArrayList<>(3);
          String[] kinds = {"cluster", "jobs", "job"};
          for (int k = 0; k < 3; k++) {
            String json = now.get(k);
            if (!json.isEmpty() && !json.equals(last[k])) {
              last[k] = json;
              out.add(first[0]
                  ? ServerSentEvent.create(json, Optional.of(kinds[k]), Optional.empty(),
                      OptionalInt.of((int) dashboard.reconnect().toMillis()))
                  : ServerSentEvent.create(json, kinds[k]));
              first[0] = false;
            }
          }
          return out;
        })
        .keepAlive(dashboard.heartbeat(), ServerSentEvent::heartbeat)
        .watchTermination((cancellable, done) -> {
          done.whenComplete((ok, failed) -> open.decrementAndGet());
          return NotUsed.getInstance();
        });
  }

  /** A part that could not be had this tick (an ask timed out) is skipped: the page keeps what it has. */
  private static CompletionStage<String> safely(CompletionStage<String> part) {
    return part.exceptionally(failure -> "");
  }

  private static String orEmpty(String json) {
    return json == null ? "" : json;
  }
}
