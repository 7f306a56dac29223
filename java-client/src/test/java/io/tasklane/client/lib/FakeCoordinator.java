package io.tasklane.client.lib;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for the coordinator's HTTP API in one JVM: each {@code "METHOD /path"} answered by
 * a script the test writes, every request recorded (method, path with query, idempotency key,
 * body) so that a test counts what the client really sent.
 */
final class FakeCoordinator implements AutoCloseable {

  static final String TOKEN = "secret";

  record Request(String method, String uri, String idempotencyKey, String authorization, String body) {}

  /** Answers one request; the call number counts from 1 per route. */
  @FunctionalInterface
  interface Script {
    void answer(HttpExchange exchange, int call) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Script> routes = new ConcurrentHashMap<>();
  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeCoordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  TasklaneClient client(RetryPolicy retry) {
    return TasklaneClient.builder().server(url()).token(TOKEN).retry(retry).build();
  }

  FakeCoordinator on(String methodAndPath, Script script) {
    routes.put(methodAndPath, script);
    return this;
  }

  List<Request> requests(String method, String pathPrefix) {
    return requests.stream().filter(r -> r.method().equals(method) && r.uri().startsWith(pathPrefix)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    requests.add(new Request(method, exchange.getRequestURI().toString(),
        exchange.getRequestHeaders().getFirst("Idempotency-Key"),
        exchange.getRequestHeaders().getFirst("Authorization"), body));
    Script script = routes.get(method + " " + path);
    if (script == null) {
      send(exchange, 404, "{\"error\":\"The requested resource could not be found.\"}");
      return;
    }
    script.answer(exchange, calls.merge(method + " " + path, 1, Integer::sum));
  }

  static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Starts a chunked 200 answer and writes {@code lines}, flushed; the caller ends or breaks it. */
  static OutputStream stream(HttpExchange exchange, String contentType, List<String> lines) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String line : lines) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return out;
  }

  /** Drops the connection without an answer: the client sees it reset or closed, not a status. */
  static void drop(HttpExchange exchange) {
    exchange.close();
  }

  /** A status body as {@code GET /api/jobs/{id}} answers it. */
  static String status(String id, String state, int total) {
    return "{\"id\":\"" + id + "\",\"name\":null,\"state\":\"" + state + "\",\"submittedAt\":1000,\"endedAt\":"
        + (state.equals("running") ? "null" : "2000") + ",\"total\":" + total + ",\"lanes\":{"
        + "\"io\":{\"total\":" + total + ",\"queued\":0,\"running\":0,\"succeeded\":" + total
        + ",\"failed\":0,\"timed_out\":0,\"cancelled\":0},"
        + "\"cpu\":{\"total\":0,\"queued\":0,\"running\":0,\"succeeded\":0,\"failed\":0,\"timed_out\":0,\"cancelled\":0}}}";
  }

  /** A result line of task {@code id} with output {@code output} (JSON). */
  static String result(String id, String output) {
    return "{\"id\":\"" + id + "\",\"type\":\"noop\",\"lane\":\"io\",\"status\":\"succeeded\",\"output\":" + output
        + ",\"error\":null,\"attempts\":1,\"worker\":\"127.0.0.1:1\",\"thread\":\"t\"}";
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
