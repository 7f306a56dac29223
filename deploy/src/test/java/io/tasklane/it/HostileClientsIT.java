package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that mean harm or make mistakes, against a real coordinator: 2,000 connections that
 * send half a request and stall do not lock a client holding the token out (and are closed by
 * the server after tasklane.coordinator.http.connections.unauthenticated-timeout); every route
 * of docs/api.md refuses a request without the token; a body over the limit is 413 naming it,
 * with a Content-Length or in chunks without one.
 */
class HostileClientsIT {

  private static final int STALLED = 2000;
  /** Set for the coordinator through its environment (the default is 10 s). */
  private static final Duration UNAUTHENTICATED_TIMEOUT = Duration.ofSeconds(5);
  /** A bound for "promptly" on a loaded 2-core machine: a functional check, not a performance target. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final String HALF_BODY =
      "POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
  private static final String HALF_HEADERS = "POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Le";

  @TempDir Path work;
  private final Steps steps = new Steps("HostileClientsIT");

  @Test
  void stalledConnectionsDoNotLockOutAClientWithTheTokenAndAreClosedAfterTheTimeout() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 1,
        Map.of("TASKLANE_HTTP_UNAUTHENTICATED_TIMEOUT", UNAUTHENTICATED_TIMEOUT.toSeconds() + "s"))) {
      Api api = cluster.api();
      URI server = api.server();
      List<Socket> stalled = new ArrayList<>();
      try {
        // Half of them from a second loopback address: the per-address bound alone does not decide.
        InetAddress other = InetAddress.getByName("127.0.0.2");
        long opened = System.nanoTime();
        for (int i = 0; i < STALLED; i++) {
          Socket socket = new Socket();
          if (i % 2 == 1) {
            socket.bind(new InetSocketAddress(other, 0));
          }
          socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
          OutputStream out = socket.getOutputStream();
          out.write((i % 4 < 2 ? HALF_BODY : HALF_HEADERS).getBytes(StandardCharsets.US_ASCII));
          out.flush();
          stalled.add(socket);
        }
        steps.log("%d connections opened, each with half a request, in %d ms", STALLED,
            (System.nanoTime() - opened) / 1_000_000);

        // A well-behaved client, with the token, on new connections while those are held.
        for (int i = 0; i < 3; i++) {
          long start = System.nanoTime();
          HttpResponse<String> answer = api.send(api.request("/api/jobs").timeout(PROMPTLY).GET().build());
          long millis = (System.nanoTime() - start) / 1_000_000;
          steps.log("GET /api/jobs with the token: %d in %d ms", answer.statusCode(), millis);
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        String job = api.submit("{\"tasks\": [{\"type\": \"noop\", \"repeat\": 10}]}");
        assertThat(api.awaitEnded(job, Duration.ofSeconds(60)).get("state").asText()).isEqualTo("succeeded");

        // Every stalled connection is closed by the server: once newer ones needed its room, or
        // at the latest after the unauthenticated timeout.
        Duration atMost = UNAUTHENTICATED_TIMEOUT.plusSeconds(20);
        long deadline = opened + atMost.toNanos();
        int closed = 0;
        for (Socket socket : stalled) {
          if (closedByServer(socket, deadline)) {
            closed++;
          }
        }
        steps.log("%d of %d closed by the server within %s of opening", closed, STALLED, atMost);
        assertThat(closed).as("connections closed by the server%s", cluster.logs()).isEqualTo(STALLED);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
      HttpResponse<String> after = api.get("/api/cluster");
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }
  }

  @Test
  void everyDocumentedRouteRefusesARequestWithoutTheTokenOrWithAnotherOne() throws Exception {
    Map<String, Boolean> table = documentedRoutes();
    assertThat(table).as("routes in docs/api.md").hasSizeGreaterThanOrEqualTo(20);
    assertThat(table).as("routes docs/api.md says need no token")
        .containsEntry("GET /health/live", true).containsEntry("GET /api/jobs", false);
    try (LocalCluster cluster = LocalCluster.up(work, 1, Map.of())) {
      Api api = cluster.api();
      String job = api.submit("{\"open\": true}");
      List<String> guarded = new ArrayList<>();
      for (Map.Entry<String, Boolean> route : table.entrySet()) {
        String method = route.getKey().substring(0, route.getKey().indexOf(' '));
        String path = route.getKey().substring(method.length() + 1);
        if (route.getValue()) {
          // A route the table says is open is served without a token (not refused, not unknown).
          HttpResponse<String> open = api.send(request(api, method, concrete(path, job), null));
          steps.log("%s %s without a token: %d", method, path, open.statusCode());
          assertThat(open.statusCode()).as("%s %s without a token: %s", method, path, open.body())
              .isNotIn(401, 404, 405);
          continue;
        }
        guarded.add(method + " " + path);
        for (String authorization : new String[] {null, "Bearer not-the-token", "Basic " + api.token()}) {
          refused(api, method, concrete(path, job), authorization);
        }
        // With the token, the route is there (a made-up job or plugin may be missing, the path is not).
        // (Only the answer's start is read: the event streams do not end.)
        HttpResponse<InputStream> served = api.http().send(request(api, method,
            concrete(path, "j-nosuchjob0000").replace("some-plugin", "no-such-plugin"), "Bearer " + api.token()),
            HttpResponse.BodyHandlers.ofInputStream());
        String start;
        try (InputStream body = served.body()) {
          start = new String(body.readNBytes(served.statusCode() == 200 ? 0 : 200), StandardCharsets.UTF_8);
        }
        steps.log("%s %s with the token: %d %s", method, path, served.statusCode(), start);
        assertThat(served.statusCode()).as("%s %s with the token: %s", method, path, start).isNotEqualTo(405);
        assertThat(start).as("%s %s with the token", method, path)
            .doesNotContain("The requested resource could not be found");
      }
      steps.log("%d routes refuse a request without the token: %s", guarded.size(), guarded);
      // Paths no route serves need the token too: nothing tells a stranger which paths exist.
      for (String unknown : new String[] {"/api/nope", "/nope", "/api/jobs/" + job + "/nope", "/health", "/ui/x.js"}) {
        refused(api, "GET", unknown, null);
      }
      // Nothing happened to the job: the refused close and cancel did not reach it.
      assertThat(api.status(job).get("state").asText()).isEqualTo("running");
      assertThat(api.status(job).path("open").asBoolean()).as("still open").isTrue();
    }
  }

  private static void refused(Api api, String method, String path, String authorization) throws Exception {
    HttpResponse<String> answer = api.send(request(api, method, path, authorization));
    assertThat(answer.statusCode()).as("%s %s with %s: %s", method, path, authorization, answer.body())
        .isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tasklane\"");
  }

  private static HttpRequest request(Api api, String method, String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.server() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, method.equals("POST")
            ? HttpRequest.BodyPublishers.ofString("{\"tasks\": []}") : HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static String concrete(String path, String job) {
    return path.replace("{id}", job).replace("{name}", "some-plugin").replace("{file}", "app.js");
  }

  /** One route in the first column of docs/api.md's route table: {@code `GET /api/jobs/{id}`}. */
  private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH|HEAD) (/[^`?]*)[^`]*`");

  /**
   * {@code "METHOD /path"} of every route in docs/api.md's route table (the API's one list of
   * them: RouteTableTest checks the code has no other), to whether its row says "no token": the
   * dashboard's page, its files and login, and the health probes, which reveal nothing.
   */
  private static Map<String, Boolean> documentedRoutes() throws IOException {
    Map<String, Boolean> routes = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(Tasklane.repo().resolve("docs/api.md"), StandardCharsets.UTF_8)) {
      if (line.startsWith("| [`")) {
        String[] cells = line.split(" \\| ", 3);
        Matcher route = ROUTE.matcher(cells[0]);
        while (route.find()) {
          routes.put(route.group(1) + " " + route.group(2), cells[1].startsWith("no token"));
        }
      }
    }
    return routes;
  }

  /** Reads until the server closes {@code socket} (EOF or reset); false if it is still open at {@code deadline}. */
  private static boolean closedByServer(Socket socket, long deadlineNanos) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      try {
        if (in.read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException stillOpen) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }
  }
}
