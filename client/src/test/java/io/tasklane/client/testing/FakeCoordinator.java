package io.tasklane.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Stands in for the coordinator's HTTP API in the client's unit tests: canned answers per
 * path, the token checked, every request recorded.
 */
public final class FakeCoordinator implements AutoCloseable {

  public static final String TOKEN = "secret-token";

  /** One request as received. */
  public record Received(String method, String path, String query, Map<String, List<String>> headers,
      String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  /** A canned answer. */
  public record Answer(int status, String contentType, String body) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body);
    }

    /** A {@code text/event-stream} body of these events ({@code event: name\ndata: json\n\n} each). */
    public static Answer events(String... namesAndData) {
      StringBuilder body = new StringBuilder(": connected\n\n");
      for (int i = 0; i + 1 < namesAndData.length; i += 2) {
        body.append("event: ").append(namesAndData[i]).append('\n')
            .append("data: ").append(namesAndData[i + 1]).append("\n\n");
      }
      return new Answer(200, "text/event-stream", body.toString());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, IntFunction<String>> generated = new ConcurrentHashMap<>();
  private final Map<String, Runnable> midStream = new ConcurrentHashMap<>();

  public FakeCoordinator() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code METHOD path} with these, in turn; the last one repeats. */
  public FakeCoordinator on(String method, String path, Answer... inTurn) {
    answers.put(method + " " + path, List.of(inTurn));
    return this;
  }

  /** Answers {@code GET path} with {@code count} ndjson lines made by {@code line}, streamed. */
  public FakeCoordinator streaming(String path, int count, IntFunction<String> line, Runnable atHalf) {
    generated.put("GET " + path + "#" + count, line);
    answers.put("GET " + path, List.of(new Answer(200, "application/x-ndjson", "#" + count)));
    midStream.put("GET " + path, atHalf);
    return this;
  }

  public List<Received> received() {
    return received;
  }

  /** The requests to {@code METHOD path}, in order. */
  public List<Received> received(String method, String path) {
    return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, Answer.json(401, "{\"error\":\"missing or wrong token\"}"));
      return;
    }
    List<Answer> inTurn = answers.get(key);
    if (inTurn == null) {
      send(exchange, Answer.json(404, "{\"error\":\"no such path " + key + "\"}"));
      return;
    }
    int call = calls.computeIfAbsent(key, any -> new AtomicInteger()).getAndIncrement();
    Answer answer = inTurn.get(Math.min(call, inTurn.size() - 1));
    if (answer.body().startsWith("#")) {
      stream(exchange, key, Integer.parseInt(answer.body().substring(1)));
    } else {
      send(exchange, answer);
    }
  }

  private void stream(HttpExchange exchange, String key, int count) throws IOException {
    IntFunction<String> line = generated.get(key + "#" + count);
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < count; i++) {
        out.write((line.apply(i) + "\n").getBytes(StandardCharsets.UTF_8));
        if (i == count / 2) {
          out.flush();
          midStream.get(key).run();
        }
      }
    }
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
