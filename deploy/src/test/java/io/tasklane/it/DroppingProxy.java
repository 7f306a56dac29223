package io.tasklane.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the coordinator that forwards every request, but for the first
 * {@code POST /api/jobs} drops the connection once the coordinator has answered: the job exists,
 * the client never hears of it. What a load balancer's timeout or a reset does to a submit.
 */
final class DroppingProxy implements AutoCloseable {

  private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key",
      "X-Tasklane-File");

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger submits = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  DroppingProxy(String upstream) throws IOException {
    this.upstream = URI.create(upstream);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Submits that reached the coordinator through the proxy. */
  int submits() {
    return submits.get();
  }

  /** Answers the proxy dropped. */
  int dropped() {
    return dropped.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
        .timeout(Duration.ofSeconds(60))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : FORWARDED) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    boolean submit = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/api/jobs");
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    if (submit && submits.incrementAndGet() == 1) {
      dropped.incrementAndGet();
      exchange.close(); // no status line: the connection just closes
      return;
    }
    answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
