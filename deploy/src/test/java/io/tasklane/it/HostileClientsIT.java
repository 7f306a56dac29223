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
  private static final Pattern ROUTE = Pattern.compile("^\\| \\[`(GET|POST|PUT|DELETE) ([^`?]+)[^`]*`\\]");

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
    List<String[]> routes = documentedRoutes();
    assertThat(routes).as("routes in docs/api.md").hasSizeGreaterThanOrEqualTo(14);
    try (LocalCluster cluster = LocalCluster.up(work, 1, Map.of())) {
      Api api = cluster.api();
      String job = api.submit("{\"open\": true}");
      for (String[] route : routes) {
        String path = route[1].replace("{id}", job).replace("{name}", "some-plugin");
        for (String authorization : new String[] {null, "Bearer not-the-token", "Basic " + api.token()}) {
          HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.server() + path))
              .timeout(Duration.ofSeconds(30))
              .method(route[0], route[0].equals("POST")
                  ? HttpRequest.BodyPublishers.ofString("{\"tasks\": []}") : HttpRequest.BodyPublishers.noBody());
          if (authorization != null) {
            request.header("Authorization", authorization);
          }
          HttpResponse<String> answer = api.send(request.build());
          assertThat(answer.statusCode()).as("%s %s with %s: %s", route[0], path, authorization, answer.body())
              .isEqualTo(401);
          assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tasklane\"");
        }
      }
      // Nothing happened to the job: the refused close and cancel did not reach it.
      assertThat(api.status(job).get("state").asText()).isEqualTo("running");
      assertThat(api.status(job).path("open").asBoolean()).as("still open").isTrue();
    }
  }

  @Test
  void bodiesOverTheLimitAre413NamingItWithOrWithoutAContentLengthAndOneAtTheLimitIsServed() throws Exception {
    int limit = 256 * 1024;
    try (LocalCluster cluster = LocalCluster.up(work, 1, Map.of("TASKLANE_HTTP_MAX_BODY", limit + "B"))) {
      Api api = cluster.api();
      String host = api.server().getHost();
      int port = api.server().getPort();
      String auth = "Authorization: Bearer " + api.token() + "\r\n";
      String open = api.submit("{\"open\": true}");
      String tooLarge = "{\"error\":\"the request body is over the limit of " + limit
          + " bytes (tasklane.coordinator.http.max-body)\"}";
      for (String path : new String[] {"/api/jobs", "/api/jobs/" + open + "/tasks"}) {
        for (boolean chunked : new boolean[] {false, true}) {
          for (int size : new int[] {limit + 1, 20 * limit}) {
            RawHttp answer = RawHttp.post(host, port, path, auth, jobFile(size), chunked);
            steps.log("POST %s, %d bytes%s: %d %s", path, size, chunked ? " in chunks" : "", answer.status(),
                answer.body());
            assertThat(answer.status()).as("%s %d bytes chunked %s: %s", path, size, chunked, answer.body())
                .isEqualTo(413);
            assertThat(answer.body()).isEqualTo(tooLarge);
          }
          RawHttp atLimit = RawHttp.post(host, port, path, auth, jobFile(limit), chunked);
          assertThat(atLimit.status()).as("%s at the limit, chunked %s: %s", path, chunked, atLimit.body())
              .isEqualTo(202);
        }
      }
      // The job appended to got exactly the two bodies at the limit, 3 tasks each, nothing of the refused ones.
      assertThat(api.status(open).path("total").asLong()).as(api.status(open).toString()).isEqualTo(6);
    }
  }

  /** A job file of exactly {@code size} bytes: three noop tasks, padded with blanks. */
  private static byte[] jobFile(int size) {
    String spec = "{\"tasks\": [{\"type\": \"noop\", \"repeat\": 3}]}";
    return (spec + " ".repeat(size - spec.length())).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Routes docs/api.md documents as needing no token: the dashboard's page and its login (which
   * takes the token in its body), and the health probes, which reveal nothing.
   */
  private static final java.util.Set<String> OPEN = java.util.Set.of("/", "/api/session", "/health/live");

  /** {@code [method, path]} of every row of docs/api.md's route table but the open ones. */
  private static List<String[]> documentedRoutes() throws IOException {
    List<String[]> routes = new ArrayList<>();
    for (String line : Files.readAllLines(Tasklane.repo().resolve("docs/api.md"), StandardCharsets.UTF_8)) {
      Matcher route = ROUTE.matcher(line);
      if (route.find() && !OPEN.contains(route.group(2))) {
        routes.add(new String[] {route.group(1), route.group(2)});
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
