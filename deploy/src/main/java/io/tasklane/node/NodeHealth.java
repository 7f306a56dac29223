package io.tasklane.node;

import io.tasklane.coordinator.http.HealthRoutes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's own health port ({@code --health-port}): the health endpoints only, for the container
 * probes of a node without the HTTP API (a worker). Over HTTPS when the node has TLS material, like
 * every other port it opens. A port that cannot be bound stops the node: a probe would never pass.
 */
final class NodeHealth {

  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

  private NodeHealth() {}

  static CompletableFuture<Void> serve(ActorSystem<?> system, String host, int port, Optional<SSLContext> https) {
    ServerBuilder server = Http.get(system).newServerAt(host, port);
    if (https.isPresent()) {
      server = server.enableHttps(ConnectionContext.httpsServer(https.get()));
    }
    String scheme = https.isPresent() ? "https" : "http";
    return server.bind(HealthRoutes.routes(system)).toCompletableFuture().handle((binding, failure) -> {
      if (failure != null) {
        LOG.error("Cannot serve the health endpoints on {}:{}: {}", host, port, failure.toString());
        system.terminate();
        throw new IllegalStateException("health port " + port + " unavailable", failure);
      }
      LOG.info("Health endpoints on {}://{}:{}/health/live and /health/ready", scheme, host, port);
      return null;
    });
  }
}
