package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.optionalCookie;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.tasklane.coordinator.dashboard.DashboardSettings;
import io.tasklane.coordinator.dashboard.Sessions;
import io.tasklane.coordinator.plugin.PluginSettings;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.coordinator.settings.ResultStreamSettings;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.plugin.PluginProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The coordinator's HTTP API (see docs/api.md). Every route needs the bearer token, or the
 * dashboard's session cookie (docs/dashboard.md); only the health endpoints ({@link HealthRoutes}),
 * which reveal nothing, the dashboard's page and its login do not.
 */
public final class HttpApi {

  /** A posted job is checked against the broker's task types of at most this long ago. */
  private static final Duration CATALOG_MAX_AGE = Duration.ofSeconds(1);

  /** The setting that bounds request bodies (plugin jars have their own, {@code plugins.max-bytes}). */
  static final String MAX_BODY_SETTING = "tasklane.coordinator.http.max-body";

  private final ActorSystem<?> system;
  /** What the dashboard page sends with every request that changes something (see {@link #authenticated}). */
  static final String DASHBOARD_HEADER = "X-Tasklane-Dashboard";

  private final CoordinatorSettings settings;
  private final JobRoutes jobs;
  private final ClusterRoutes cluster;
  private final WarmUpRoutes warmUp;
  private final PluginRoutes plugins;
  private final TypeRoutes types;
  private final BearerToken token;
  private final DashboardRoutes dashboard;
  private final Sessions sessions;

  public HttpApi(
      ActorSystem<?> system,
      CoordinatorSettings settings,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<JobIndexProtocol.Command> indexWriter,
      PluginSettings pluginSettings,
      ActorRef<PluginProtocol.Command> pluginStore,
      DashboardSettings dashboardSettings,
      CompletionStage<InetSocketAddress> bound,
      Optional<SSLContext> https) {
    this.system = system;
    this.settings = settings;
    JobRefs refs = new JobRefs(ClusterSharding.get(system), settings.askTimeout());
    CatalogCache catalog = new CatalogCache(
        () -> AskPattern.ask(broker, BrokerProtocol.GetCatalog::new, settings.askTimeout(), system.scheduler()),
        CATALOG_MAX_AGE, System::nanoTime);
    ResultRoutes results = new ResultRoutes(system, settings, ResultStreamSettings.fromConfig(system.settings().config()), refs);
    this.warmUp = new WarmUpRoutes(settings,
        WarmUpSettings.from(system.settings().config().getConfig("tasklane.coordinator")), refs, catalog,
        new WarmUpRequests(system, settings.token(), bound, https));
    this.jobs = new JobRoutes(settings, refs,
        new PostRoutes(system, settings, refs, indexWriter, catalog),
        results,
        new EventRoutes(settings, refs),
        new HistoryRoutes(system, dashboardSettings));
    this.cluster = new ClusterRoutes(system, settings, broker);
    this.sessions = new Sessions(settings.token(), dashboardSettings.sessionTtl());
    this.dashboard = new DashboardRoutes(sessions, new DashboardStream(dashboardSettings,
        new DashboardSnapshots(system, settings, dashboardSettings, refs, cluster)));
    this.plugins = new PluginRoutes(system, settings, pluginSettings, pluginStore, catalog);
    this.types = new TypeRoutes(system, settings, broker);
    this.token = new BearerToken(settings.token());
  }

  public Route routes() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> BodyLimit.limited(
        settings.maxBodyBytes(), MAX_BODY_SETTING, () -> concat(
        HealthRoutes.routes(system),
        dashboard.open(),
        authenticated(() -> concat(
            pathPrefix("api", () -> concat(
                pathPrefix("jobs", jobs::routes),
                path("cluster", () -> get(cluster::cluster)),
                path(segment("cluster").slash("warm-up"), () -> post(warmUp::warmUp)),
                pathPrefix("plugins", plugins::routes),
                path("types", () -> get(types::types)),
                pathPrefix("dashboard", dashboard::routes))),
            path("metrics", () -> get(cluster::metrics))))))));
  }

  /**
   * True if the request carries the API token or a valid dashboard session: the HTTP server keeps
   * such a client's connection (see {@code connections.ConnectionGuard}).
   */
  public boolean authenticated(HttpRequest request) {
    if (token.admits(request.getHeader("Authorization").map(HttpHeader::value).orElse(null))) {
      return true;
    }
    long now = System.currentTimeMillis();
    return request.getHeader(Cookie.class).map(cookies -> {
      for (var pair : cookies.getCookies()) {
        if (pair.name().equals(Sessions.COOKIE) && sessions.isValid(pair.value(), now)) {
          return true;
        }
      }
      return false;
    }).orElse(false);
  }

  /**
   * The bearer token, or else a dashboard session cookie. A request with the cookie alone that
   * changes something (not GET or HEAD) must also carry {@link #DASHBOARD_HEADER}, which a page
   * of another site cannot send without the coordinator's consent (CORS): no cross-site request
   * rides on a logged-in browser.
   */
  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> optionalCookie(Sessions.COOKIE, cookie ->
        optionalHeaderValueByName(DASHBOARD_HEADER, fromPage -> extractMethod(method -> {
          if (token.admits(header.orElse(null))) {
            return inner.get();
          }
          if (header.isEmpty() && cookie.isPresent()) {
            if (!sessions.isValid(cookie.get().value(), System.currentTimeMillis())) {
              return complete(unauthorized("dashboard session expired or invalid: log in again"));
            }
            boolean safe = method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD);
            return safe || fromPage.isPresent()
                ? inner.get()
                : complete(Json.error(StatusCodes.FORBIDDEN, "a dashboard session changes things only from the "
                    + "dashboard page (header " + DASHBOARD_HEADER + ")"));
          }
          return complete(unauthorized(header.isEmpty()
              ? "missing bearer token: send 'Authorization: Bearer <token>'"
              : "invalid bearer token"));
        }))));
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse unauthorized(String message) {
    return Json.error(StatusCodes.UNAUTHORIZED, message)
        .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "tasklane")));
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(Exception.class, e -> complete(InternalErrors.answer(e)))
        .build();
  }

  /** Pekko's rejections, their text as {@code {"error": …}} (an over-large body is {@link BodyLimit}'s). */
  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && strict.getContentType().equals(ContentTypes.TEXT_PLAIN_UTF8)) {
        String text = strict.getData().utf8String();
        return response.withEntity(ContentTypes.APPLICATION_JSON,
            Json.text(new Json.ErrorBody(text.isBlank() ? response.status().reason() : text)));
      }
      return response;
    });
  }
}
