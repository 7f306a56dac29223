package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Health endpoints for container probes, on every node that serves HTTP (the coordinator's API port,
 * a worker's {@code --health-port}). No token: probes carry none, so the answers say nothing but
 * up or ready.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"up"}} while the node's actor system runs;
 *   <li>{@code GET /health/ready}: 200 {@code {"status":"ready"}} once the node is an Up cluster
 *       member, 503 {@code {"status":"not ready"}} before (joining) and after (leaving, removed).
 * </ul>
 */
public final class HealthRoutes {

  private HealthRoutes() {}

  public static Route routes(ActorSystem<?> system) {
    return pathPrefix("health", () -> concat(
        path("live", () -> get(() -> status(StatusCodes.OK, "up"))),
        path("ready", () -> get(() -> ready(system)
            ? status(StatusCodes.OK, "ready")
            : status(StatusCodes.SERVICE_UNAVAILABLE, "not ready")))));
  }

  private static boolean ready(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().status().equals(MemberStatus.up());
  }

  private static Route status(StatusCode code, String status) {
    return complete(code, HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"" + status + "\"}"));
  }
}
