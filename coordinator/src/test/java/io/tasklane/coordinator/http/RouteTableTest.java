package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md's route table is the API's one list of routes: HostileClientsIT sends every one of
 * them to a real coordinator without the token (401 unless the table says "no token") and with it
 * (served, not an unknown path). This test keeps the table complete: every path a route of the
 * code matches ({@code path("…")}, {@code pathPrefix("…")}) is a segment of a documented route, so
 * a route added to the code without its row fails here.
 */
class RouteTableTest {

  private static final Path DOCS = Path.of("..", "docs", "api.md");
  private static final Path ROUTES = Path.of("src", "main", "java", "io", "tasklane", "coordinator", "http");
  /** A route directive with a literal path; {@code json.path("x")} (Jackson) is no route. */
  private static final Pattern DIRECTIVE = Pattern.compile("(?<![.\\w])(?:path|pathPrefix|pathSuffix)\\(\"([^\"]+)\"");
  /** One route in the table's first column: {@code `GET /api/jobs/{id}`}. */
  static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH|HEAD) (/[^`?]*)[^`]*`");

  @Test
  void everyPathTheRoutesMatchIsInADocumentedRoute() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String route : documentedRoutes().keySet()) {
      documented.addAll(java.util.List.of(route.substring(route.indexOf('/') + 1).split("/")));
    }
    Map<String, String> literals = new TreeMap<>();
    try (Stream<Path> files = Files.list(ROUTES)) {
      for (Path file : files.filter(f -> f.toString().endsWith("Routes.java") || f.endsWith("HttpApi.java")).toList()) {
        Matcher directive = DIRECTIVE.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (directive.find()) {
          for (String segment : directive.group(1).split("/")) {
            literals.put(segment, file.getFileName().toString());
          }
        }
      }
    }
    assertThat(literals).as("path literals of the routes").containsKeys("jobs", "history", "health", "session", "ui");
    assertThat(literals.keySet()).as("paths the routes match (file: %s) that docs/api.md's route table lacks",
        literals).allMatch(documented::contains);
  }

  @Test
  void theTableNamesTheRoutesThatNeedNoToken() throws IOException {
    assertThat(documentedRoutes()).containsEntry("GET /health/live", true).containsEntry("GET /health/ready", true)
        .containsEntry("GET /", true).containsEntry("GET /ui/{file}", true).containsEntry("POST /api/session", true)
        .containsEntry("GET /api/jobs", false).containsEntry("DELETE /api/jobs/{id}", false)
        .containsEntry("GET /metrics", false);
  }

  /** {@code "METHOD /path"} of every route in the table, to whether its row says it needs no token. */
  static Map<String, Boolean> documentedRoutes() throws IOException {
    Map<String, Boolean> routes = new TreeMap<>();
    for (String line : Files.readAllLines(DOCS, StandardCharsets.UTF_8)) {
      if (!line.startsWith("| [`")) {
        continue;
      }
      String[] cells = line.split(" \\| ", 3);
      Matcher route = ROUTE.matcher(cells[0]);
      while (route.find()) {
        routes.put(route.group(1) + " " + route.group(2), cells[1].startsWith("no token"));
      }
    }
    return routes;
  }
}
