package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.tasklane.coordinator.plugin.PluginSettings;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.plugin.PluginProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/** The coordinator's HTTP API (see docs/api.md). Every route needs the bearer token. */
public final class HttpApi {

  /** A posted job is checked against the broker's task types of at most this long ago. */
  private static final Duration CATALOG_MAX_AGE = Duration.ofSeconds(1);

  private final CoordinatorSettings settings;
  private final JobRoutes jobs;
  private final ClusterRoutes cluster;
  private final PluginRoutes plugins;
  private final TypeRoutes types;
  private final byte[] expectedAuthorization;

  public HttpApi(
      ActorSystem<?> system,
      CoordinatorSettings settings,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      PluginSettings pluginSettings,
      ActorRef<PluginProtocol.Command> pluginStore) {
    this.settings = settings;
    JobRefs refs = new JobRefs(ClusterSharding.get(system), settings.askTimeout());
    CatalogCache catalog = new CatalogCache(
        () -> AskPattern.ask(broker, BrokerProtocol.GetCatalog::new, settings.askTimeout(), system.scheduler()),
        CATALOG_MAX_AGE, System::nanoTime);
    this.jobs = new JobRoutes(settings, refs,
        new PostRoutes(system, settings, refs, indexWriter, catalog),
        new ResultRoutes(system, settings, refs),
        new EventRoutes(settings, refs));
    this.cluster = new ClusterRoutes(system, settings, broker);
    this.plugins = new PluginRoutes(system, settings, pluginSettings, pluginStore, catalog);
    this.types = new TypeRoutes(system, settings, broker);
    this.expectedAuthorization = ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
  }

  public Route routes() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
        authenticated(() -> concat(
            pathPrefix("api", () -> concat(
                pathPrefix("jobs", jobs::routes),
                path("cluster", () -> get(cluster::cluster)),
                pathPrefix("plugins", plugins::routes),
                path("types", () -> get(types::types)))),
            path("metrics", () -> get(cluster::metrics))))));
  }

  /** True if the request carries the API token (the HTTP server keeps such a client's connection). */
  public boolean authenticated(HttpRequest request) {
    return valid(request.getHeader("Authorization").map(HttpHeader::value));
  }

  private boolean valid(Optional<String> header) {
    return !settings.token().isEmpty() && header
        .map(value -> MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), expectedAuthorization))
        .orElse(false);
  }

  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      if (valid(header)) {
        return inner.get();
      }
      return complete(Json.error(StatusCodes.UNAUTHORIZED, header.isEmpty()
              ? "missing bearer token: send 'Authorization: Bearer <token>'"
              : "invalid bearer token")
          .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "tasklane"))));
    });
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(TimeoutException.class, e ->
            complete(Json.error(StatusCodes.SERVICE_UNAVAILABLE, "the coordinator did not answer in time; retry")))
        .match(Exception.class, e ->
            complete(Json.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + e)))
        .build();
  }

  /** Pekko's rejections, their text as {@code {"error": …}}; an over-large body is 413, naming the limit. */
  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && strict.getContentType().equals(ContentTypes.TEXT_PLAIN_UTF8)) {
        String text = strict.getData().utf8String();
        if (text.contains("EntityStreamSizeException")) {
          return response.withStatus(StatusCodes.PAYLOAD_TOO_LARGE).withEntity(ContentTypes.APPLICATION_JSON,
              Json.text(new Json.ErrorBody("the request body is over the limit of "
                  + settings.maxBodyBytes() + " bytes (tasklane.coordinator.http.max-body)")));
        }
        return response.withEntity(ContentTypes.APPLICATION_JSON,
            Json.text(new Json.ErrorBody(text.isBlank() ? response.status().reason() : text)));
      }
      return response;
    });
  }
}
