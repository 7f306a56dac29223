package io.tasklane.coordinator.connections;

import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.IncomingConnection;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Serves a route with Pekko HTTP's connection-level API, each connection admitted by a
 * {@link ConnectionGuard}. Pekko's own bound ({@code pekko.http.server.max-connections}) stops
 * accepting once full, so a crowd of stalled connections locks everyone out until its idle
 * timeout; here a stalled connection is closed after {@link ConnectionLimits#unauthenticatedTimeout}
 * or when newer ones need its room, and one that sent the token is kept.
 */
public final class GuardedServer {

  private GuardedServer() {}

  /**
   * Binds {@code server}'s address (HTTPS if it has it) and serves {@code route}; {@code
   * authenticated} tells a request that carries the API token (it makes its connection a kept one).
   */
  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, ServerBuilder server,
      ConnectionLimits limits, Route route, Predicate<HttpRequest> authenticated) {
    Materializer materializer = Materializer.matFromSystem(system);
    ConnectionGuard guard = new ConnectionGuard(limits);
    Flow<HttpRequest, HttpResponse, NotUsed> handler = route.flow(system);
    return server.connectionSource()
        .to(Sink.foreach(incoming -> accept(system, materializer, guard, limits, handler, authenticated, incoming)))
        .run(materializer);
  }

  private static void accept(ActorSystem<?> system, Materializer materializer, ConnectionGuard guard,
      ConnectionLimits limits, Flow<HttpRequest, HttpResponse, NotUsed> handler,
      Predicate<HttpRequest> authenticated, IncomingConnection incoming) {
    ConnectionGuard.Admission admission = guard.admit(incoming.remoteAddress().getAddress());
    admission.evicted().forEach(ConnectionGuard.Connection::close);
    ConnectionGuard.Connection connection = admission.connection();
    if (connection == null) {
      system.log().debug("Refused an HTTP connection from {}: {} connections open, all authenticated",
          incoming.remoteAddress(), limits.max());
      incoming.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.<HttpResponse>empty()), materializer);
      return;
    }
    Pair<UniqueKillSwitch, CompletionStage<Done>> ends = incoming.handleWith(
        Flow.<HttpRequest>create()
            .viaMat(KillSwitches.single(), Keep.right())
            .map(request -> {
              if (authenticated.test(request)) {
                guard.authenticated(connection);
              }
              return request;
            })
            .via(handler)
            .watchTermination(Keep.both()),
        materializer);
    UniqueKillSwitch killSwitch = ends.first();
    connection.onClose(killSwitch::shutdown);
    Cancellable deadline = system.scheduler().scheduleOnce(limits.unauthenticatedTimeout(), () -> {
      if (guard.expired(connection)) {
        system.log().debug("Closing {}: no request with the token within {}", connection,
            limits.unauthenticatedTimeout());
        connection.close();
      }
    }, system.executionContext());
    ends.second().whenComplete((done, failure) -> {
      deadline.cancel();
      guard.ended(connection);
    });
  }
}
