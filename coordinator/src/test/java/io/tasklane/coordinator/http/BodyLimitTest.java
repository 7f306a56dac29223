package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bodies over the limit are 413 with a JSON error naming it, over a real server (whose own
 * parsing limit is the same, as the coordinator sets it): announced by Content-Length or sent in
 * chunks, read by the {@code entity} directive or by the route itself; one byte less is served.
 */
class BodyLimitTest {

  private static final int LIMIT = 1000;
  private static ActorSystem<Void> system;
  private static int port;

  @BeforeAll
  static void serve() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "body-limit", ConfigFactory.parseString(
        "pekko.http.server.parsing.max-content-length = " + LIMIT).withFallback(ConfigFactory.load()));
    Route routes = BodyLimit.limited(LIMIT, "test.max-body", () -> concat(
        path("string", () -> entity(Unmarshaller.entityToString(), body ->
            complete(HttpResponse.create().withStatus(StatusCodes.OK).withEntity("read " + body.length())))),
        path("strict", () -> extractRequestEntity(request -> completeWithFuture(
            request.toStrict(10_000, Materializer.matFromSystem(system)).thenApply(strict ->
                HttpResponse.create().withEntity("read " + strict.getData().size())))))));
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(routes)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @ParameterizedTest(name = "{0}, chunked {1}")
  @CsvSource({"/string, false", "/string, true", "/strict, false", "/strict, true"})
  void aBodyOverTheLimitIsAnswered413NamingTheLimit(String path, boolean chunked) throws Exception {
    for (int size : new int[] {LIMIT + 1, 50 * LIMIT}) {
      RawHttp answer = RawHttp.post("127.0.0.1", port, path, "", body(size), chunked);
      assertThat(answer.status()).as("%d bytes: %s", size, answer.body()).isEqualTo(413);
      assertThat(Json.MAPPER.readTree(answer.body()).get("error").asText())
          .isEqualTo("the request body is over the limit of " + LIMIT + " bytes (test.max-body)");
    }
  }

  @ParameterizedTest(name = "{0}, chunked {1}")
  @CsvSource({"/string, false", "/string, true", "/strict, false", "/strict, true"})
  void aBodyAtTheLimitIsServed(String path, boolean chunked) throws Exception {
    RawHttp answer = RawHttp.post("127.0.0.1", port, path, "", body(LIMIT), chunked);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("read " + LIMIT);
  }

  private static byte[] body(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    return body;
  }
}
