package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.BrokerProtocol.LaneInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/** The coordinator's HTTP API (see docs/api.md). Every route needs the bearer token. */
public final class HttpApi {

  private static final ContentType PROMETHEUS_TEXT = ContentTypes.create(MediaTypes.customWithFixedCharset(
      "text", "plain", HttpCharsets.UTF_8, java.util.Map.of("version", "0.0.4"), false));

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ActorRef<BrokerProtocol.Command> broker;
  private final JobRoutes jobs;
  private final byte[] expectedAuthorization;

  public HttpApi(
      ActorSystem<?> system,
      CoordinatorSettings settings,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<io.tasklane.protocol.dispatch.JobIndexProtocol.Command> indexWriter) {
    this.system = system;
    this.settings = settings;
    this.broker = broker;
    this.jobs = new JobRoutes(system, settings, broker, indexWriter);
    this.expectedAuthorization = ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
  }

  public Route routes() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
        authenticated(() -> concat(
            pathPrefix("api", () -> concat(
                pathPrefix("jobs", jobs::routes),
                path("cluster", () -> get(this::cluster)))),
            path("metrics", () -> get(this::metrics))))));
  }

  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      boolean valid = !settings.token().isEmpty() && header
          .map(value -> MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), expectedAuthorization))
          .orElse(false);
      if (valid) {
        return inner.get();
      }
      return complete(Json.error(StatusCodes.UNAUTHORIZED, header.isEmpty()
              ? "missing bearer token: send 'Authorization: Bearer <token>'"
              : "invalid bearer token")
          .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "tasklane"))));
    });
  }

  /** Prometheus text; lane gauges are refreshed from the broker first. */
  private Route metrics() {
    Metrics metrics = Metrics.get(system);
    CompletionStage<BrokerProtocol.Lanes> lanes = AskPattern.ask(
        broker, BrokerProtocol.GetLanes::new, settings.askTimeout(), system.scheduler());
    return completeWithFuture(lanes.thenApply(view -> {
      metrics.lanes().update(view);
      return HttpResponse.create().withEntity(PROMETHEUS_TEXT, metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }));
  }

  private Route cluster() {
    CompletionStage<BrokerProtocol.Lanes> lanes = AskPattern.ask(
        broker, BrokerProtocol.GetLanes::new, settings.askTimeout(), system.scheduler());
    return completeWithFuture(lanes.thenApply(view -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode nodes = body.putArray("nodes");
      for (Member member : Cluster.get(system).state().getMembers()) {
        ObjectNode node = nodes.addObject();
        node.put("address", member.address().getHost().orElse("") + ":" + member.address().getPort().orElse(0));
        ArrayNode roles = node.putArray("roles");
        member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().forEach(roles::add);
        node.put("status", member.status().toString().toLowerCase(Locale.ROOT));
      }
      ArrayNode lanesJson = body.putArray("lanes");
      for (LaneInfo lane : view.lanes()) {
        lanesJson.addObject()
            .put("worker", lane.worker())
            .put("lane", lane.lane().wireName())
            .put("capacity", lane.capacity())
            .put("credit", lane.credit())
            .put("busy", lane.busy());
      }
      ObjectNode queued = body.putObject("queued");
      for (Lane lane : Lane.values()) {
        queued.put(lane.wireName(), view.queued().getOrDefault(lane, 0L));
      }
      body.put("jobsWithWork", view.queuedJobs());
      return Json.response(StatusCodes.OK, body);
    }));
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(TimeoutException.class, e ->
            complete(Json.error(StatusCodes.SERVICE_UNAVAILABLE, "the coordinator did not answer in time; retry")))
        .match(Exception.class, e ->
            complete(Json.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + e)))
        .build();
  }

  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && strict.getContentType().equals(ContentTypes.TEXT_PLAIN_UTF8)) {
        String text = strict.getData().utf8String();
        if (text.contains("EntityStreamSizeException")) {
          return response.withStatus(StatusCodes.PAYLOAD_TOO_LARGE).withEntity(ContentTypes.APPLICATION_JSON,
              Json.MAPPER.createObjectNode().put("error", "the request body is over the limit of "
                  + settings.maxBodyBytes() + " bytes (tasklane.coordinator.http.max-body)").toString());
        }
        return response.withEntity(ContentTypes.APPLICATION_JSON, Json.MAPPER.createObjectNode()
            .put("error", text.isBlank() ? response.status().reason() : text).toString());
      }
      return response;
    });
  }
}
