package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PlainHttp against the JDK's own HTTP server: framing both ways, reuse, the token, errors. */
class PlainHttpTest {

  private HttpServer server;
  /** The client's ports as the server saw them: one per connection. */
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private PlainHttp http;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/echo", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      byte[] body = exchange.getRequestBody().readAllBytes();
      String answer = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + auth + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " " + new String(body, StandardCharsets.UTF_8);
      send(exchange, 200, answer.getBytes(StandardCharsets.UTF_8));
    });
    server.createContext("/lines", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      exchange.getRequestBody().readAllBytes();
      // chunked: written in pieces that cut lines in the middle, with a CRLF line and a keep-alive's blank line
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (String piece : List.of("{\"a\":1}\n{\"b\"", ":2}\r\n", "\n", "{\"c\":3", "}\n{\"d\":4}")) {
          out.write(piece.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    server.createContext("/chunked", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(202, 0); // no length: chunked
      try (OutputStream out = exchange.getResponseBody()) {
        for (String piece : List.of("{\"id\":", "\"j-1\",", "\"tasks\":3}")) {
          out.write(piece.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    server.createContext("/missing", exchange -> {
      exchange.getRequestBody().readAllBytes();
      send(exchange, 404, "{\"error\":\"no such job\"}".getBytes(StandardCharsets.UTF_8));
    });
    server.start();
    http = new PlainHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "s3cret", Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void postsWithTheTokenAndReadsTheAnswerOnOneKeptAliveConnection() throws IOException {
    PlainHttp.Response first = http.post("/echo?wait=true", "application/json", "{\"tasks\":[\"é\"]}");
    PlainHttp.Response second = http.post("/echo", "text/plain", "");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("POST /echo?wait=true Bearer s3cret application/json {\"tasks\":[\"é\"]}");
    assertThat(second.body()).isEqualTo("POST /echo Bearer s3cret text/plain ");
    assertThat(clientPorts).as("the second request reused the first one's connection").hasSize(1);
  }

  @Test
  void aChunkedAnswerIsReadWholeAndItsConnectionReused() throws IOException {
    PlainHttp.Response response = http.post("/chunked", "application/json", "{}");
    PlainHttp.Response again = http.post("/chunked", "application/json", "{}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"id\":\"j-1\",\"tasks\":3}");
    assertThat(again.body()).isEqualTo(response.body());
    assertThat(clientPorts).as("the connection was reused after the last chunk").hasSize(1);
  }

  @Test
  void aStatusOtherThan200IsReturnedWithItsBody() throws IOException {
    PlainHttp.Response response = http.post("/missing", "application/json", "{}");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"error\":\"no such job\"}");
  }

  @Test
  void aChunkedStreamIsCutIntoLinesWhateverItsChunks() throws IOException {
    List<String> lines = new ArrayList<>();

    http.getLines("/lines", "application/x-ndjson",
        (bytes, from, to) -> lines.add(new String(bytes, from, to - from, StandardCharsets.UTF_8)));

    assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}", "{\"d\":4}");
    http.getLines("/lines", "application/x-ndjson", (bytes, from, to) -> { });
    assertThat(clientPorts).as("the stream's connection was reused after its last chunk").hasSize(1);
  }

  @Test
  void aLineStreamAnsweredOtherThan200IsAnErrorWithItsBody() {
    assertThatThrownBy(() -> http.getLines("/missing", "application/x-ndjson", (bytes, from, to) -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("GET /missing answered 404: {\"error\":\"no such job\"}");
  }

  @Test
  void onlyPlainHttpIsSpoken() {
    assertThatThrownBy(() -> new PlainHttp(URI.create("https://127.0.0.1:1"), "t", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
