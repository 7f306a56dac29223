package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractUri;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.coordinator.dashboard.Sessions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The live dashboard (docs/dashboard.md). Open to anyone: its page and scripts (no data in them)
 * and the login, {@code POST /api/session} with the token, answered with an HttpOnly session
 * cookie. Behind the token or that cookie: {@code /api/dashboard/events} ({@link DashboardStream})
 * and a job's history ({@link HistoryRoutes}).
 */
final class DashboardRoutes {

  /** Where the page's files are in the jar, and the only ones served. */
  private static final String ASSETS = "io/tasklane/coordinator/dashboard/";
  private static final Set<String> FILES = Set.of("app.js", "app.css", "charts.js", "views.js");
  /** The page loads only its own files and talks only to its own coordinator. */
  private static final List<org.apache.pekko.http.javadsl.model.HttpHeader> PAGE_HEADERS = List.of(
      RawHeader.create("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Cache-Control", "no-cache"));

  private final Sessions sessions;
  private final DashboardStream stream;

  DashboardRoutes(Sessions sessions, DashboardStream stream) {
    this.sessions = sessions;
    this.stream = stream;
  }

  /** What needs no token: the page, its files, logging in and out. */
  Route open() {
    return respondWithHeaders(PAGE_HEADERS, () -> concat(
        pathSingleSlash(() -> get(() -> getFromResource(ASSETS + "index.html"))),
        pathPrefix("ui", () -> path(PathMatchers.segment(), file -> FILES.contains(file)
            ? get(() -> getFromResource(ASSETS + file))
            : reject())),
        pathPrefix("api", () -> path("session", () -> concat(
            post(() -> extractUri(uri -> entity(Unmarshaller.entityToString(), body ->
                login(body, uri.scheme().equals("https"))))),
            delete(() -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                .addHeader(SetCookie.create(cookie("", 0, false))))))))));
  }

  /** Under {@code /api/dashboard}, behind the token. */
  Route routes() {
    return path("events", () -> get(() -> parameterOptional("state", state -> parameterOptional("offset", offset ->
        parameterOptional("limit", limit -> parameterOptional("job", job -> stream.events(state, offset, limit, job)))))));
  }

  /** {@code {"token": "…"}}: the API token for a session cookie (204), else 401. */
  private Route login(String body, boolean https) {
    String token;
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      token = json != null && json.path("token").isTextual() ? json.get("token").asText() : null;
    } catch (IOException e) {
      token = null;
    }
    if (token == null) {
      return complete(Json.error(StatusCodes.BAD_REQUEST, "send the API token as {\"token\": \"…\"}"));
    }
    if (!sessions.isToken(token)) {
      return complete(Json.error(StatusCodes.UNAUTHORIZED, "invalid token"));
    }
    String value = sessions.issue(System.currentTimeMillis());
    return complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
        .addHeader(SetCookie.create(cookie(value, sessions.ttl().toSeconds(), https))));
  }

  private static HttpCookie cookie(String value, long maxAgeSeconds, boolean https) {
    return HttpCookie.create(Sessions.COOKIE, value)
        .withPath("/")
        .withHttpOnly(true)
        .withSecure(https)
        .withSameSite(SameSite.Strict)
        .withMaxAge(maxAgeSeconds);
  }
}
