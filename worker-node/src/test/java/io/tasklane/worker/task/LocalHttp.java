package io.tasklane.worker.task;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HTTP server on 127.0.0.1 that counts the requests each path received. */
final class LocalHttp implements AutoCloseable {

  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  LocalHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.start();
  }

  /** Answers {@code path} with {@code responder}, counting each request. */
  LocalHttp on(String path, Responder responder) {
    server.createContext(path, exchange -> {
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      responder.respond(exchange);
    });
    return this;
  }

  /** Answers {@code path} with {@code status} and {@code body}. */
  LocalHttp on(String path, int status, byte[] body) {
    return on(path, exchange -> {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
