package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;

import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** What the lane broker knows about the cluster: {@code GET /api/cluster} as JSON, {@code GET /metrics} for Prometheus. */
final class ClusterRoutes {

  private static final ContentType PROMETHEUS_TEXT = ContentTypes.create(MediaTypes.customWithFixedCharset(
      "text", "plain", HttpCharsets.UTF_8, Map.of("version", "0.0.4"), false));

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ActorRef<BrokerProtocol.Command> broker;

  ClusterRoutes(ActorSystem<?> system, CoordinatorSettings settings, ActorRef<BrokerProtocol.Command> broker) {
    this.system = system;
    this.settings = settings;
    this.broker = broker;
  }

  /** The nodes, every worker lane's capacity and load, and the tasks queued per lane. */
  Route cluster() {
    return completeWithFuture(lanes().thenApply(view -> Json.response(StatusCodes.OK, body(view))));
  }

  /** The cluster as this node sees it now, with the broker's {@code view} of the lanes. */
  ClusterBody body(BrokerProtocol.Lanes view) {
    var state = Cluster.get(system).state();
    return ClusterBody.of(state.getMembers(), state.getUnreachable(), view);
  }

  /** Prometheus text; lane gauges are refreshed from the broker first. */
  Route metrics() {
    Metrics metrics = Metrics.get(system);
    return completeWithFuture(lanes().thenApply(view -> {
      metrics.lanes().update(view);
      return HttpResponse.create().withEntity(PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }));
  }

  CompletionStage<BrokerProtocol.Lanes> lanes() {
    return AskPattern.ask(broker, BrokerProtocol.GetLanes::new, settings.askTimeout(), system.scheduler());
  }
}
