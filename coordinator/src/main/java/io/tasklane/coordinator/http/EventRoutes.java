package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/jobs/{id}/events}: server-sent events, the job's status ("status") whenever it
 * changed (looked at every events-interval), then "end"; a heartbeat every events-heartbeat.
 */
final class EventRoutes {

  private final CoordinatorSettings settings;
  private final JobRefs jobs;

  EventRoutes(CoordinatorSettings settings, JobRefs jobs) {
    this.settings = settings;
    this.jobs = jobs;
  }

  Route events(String id) {
    return onSuccess(jobs.lookup(id), first -> first.status() == null
        ? complete(Json.noSuchJob(id))
        : completeOK(statusChanges(id), EventStreamMarshalling.toEventStream()));
  }

  private Source<ServerSentEvent, NotUsed> statusChanges(String id) {
    return Source.tick(Duration.ZERO, settings.eventsInterval(), "tick")
        .mapAsync(1, tick -> jobs.lookup(id))
        .filter(lookup -> lookup.status() != null)
        .map(JobProtocol.JobLookup::status)
        .takeWhile(status -> status.state() == JobState.running, true)
        .statefulMap(() -> "", (last, status) -> {
          String json = Json.text(JobStatusBody.of(status));
          List<ServerSentEvent> out = new ArrayList<>(2);
          if (!json.equals(last)) {
            out.add(ServerSentEvent.create(json, "status"));
          }
          if (status.state() != JobState.running) {
            out.add(ServerSentEvent.create(json, "end"));
          }
          return Pair.create(json, out);
        }, last -> Optional.empty())
        .mapConcat(list -> list)
        .keepAlive(settings.eventsHeartbeat(), ServerSentEvent::heartbeat)
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
  }
}
