package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.settings.CoordinatorConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request the server cannot parse is refused as JSON, with the server's reason, like any other
 * refusal (was: Pekko's plain text), over a real server set up as the coordinator's config sets it.
 */
class JsonParsingErrorsTest {

  private static ActorSystem<Void> system;
  private static int port;

  @BeforeAll
  static void serve() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "parsing-errors", ConfigFactory.parseString(
            "pekko.http.server.parsing.max-uri-length = 100")
        .withFallback(ConfigFactory.parseString("pekko.http.server.parsing.error-handler = "
            + CoordinatorConfig.defaults().getValue("pekko.http.server.parsing.error-handler").render()))
        .withFallback(ConfigFactory.load()));
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(complete("ok"))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    port = binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void theCoordinatorsConfigSetsTheHandler() {
    assertThat(CoordinatorConfig.defaults().getString("pekko.http.server.parsing.error-handler"))
        .isEqualTo(JsonParsingErrors.class.getName());
  }

  @Test
  void aBrokenPercentEscapeIsA400InJson() throws Exception {
    RawExchange answer = RawExchange.send(port, "GET", "/api/jobs?limit=%", Map.of(), new byte[0]);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
    assertThat(Json.MAPPER.readTree(answer.body()).get("error").asText())
        .startsWith("Illegal request-target: ").contains("expected HEXDIG");
  }

  @Test
  void aPathOverTheLimitIsA414InJson() throws Exception {
    RawExchange answer = RawExchange.send(port, "GET", "/" + "x".repeat(200), Map.of(), new byte[0]);
    assertThat(answer.status()).isEqualTo(414);
    assertThat(Json.MAPPER.readTree(answer.body()).get("error").asText())
        .isEqualTo("URI length exceeds the configured limit of 100 characters");
  }

  @Test
  void aParsableRequestIsServed() throws Exception {
    assertThat(RawExchange.send(port, "GET", "/fine", Map.of(), new byte[0]).body()).isEqualTo("ok");
  }
}
