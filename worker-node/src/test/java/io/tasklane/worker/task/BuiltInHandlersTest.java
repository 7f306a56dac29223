package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.spi.TaskFailedPermanently;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuiltInHandlersTest {

  private final StubContext context = new StubContext();

  private static JsonNode await(java.util.concurrent.CompletionStage<JsonNode> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sha256MatchesTheKnownAnswers() throws Exception {
    Sha256Handler sha = new Sha256Handler();
    assertThat(sha.compute(json("{\"iterations\":1}"), context).get("hex").asText())
        .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    assertThat(sha.compute(json("{\"iterations\":100000}"), context).get("hex").asText())
        .isEqualTo("b422bc9c0646a432433c2410991c95e2d89758e3b4f540aca863389f28a11379");
    assertThat(sha.compute(json("{\"iterations\":3000000}"), context).get("hex").asText())
        .isEqualTo("0796783e0a06e3f94c0cf5d6fd3991a2f0c07611ff1898b00705995cd01b0d96");
    assertThat(sha.compute(json("{\"iterations\":0}"), context).get("hex").asText()).isEqualTo("0".repeat(64));
  }

  @Test
  void sha256StopsWhenCancelledAndRefusesBadInput() {
    Sha256Handler sha = new Sha256Handler();
    context.cancelled = true;
    assertThatThrownBy(() -> sha.compute(json("{\"iterations\":100000000}"), context))
        .isInstanceOf(TaskCancelledException.class);
    context.cancelled = false;
    assertThatThrownBy(() -> sha.compute(json("{}"), context)).hasMessageContaining("'iterations'").hasMessageContaining("required");
    assertThatThrownBy(() -> sha.compute(json("{\"iterations\":-1}"), context)).hasMessageContaining("'iterations'").hasMessageContaining("negative");
    assertThatThrownBy(() -> sha.compute(json("{\"iterations\":\"many\"}"), context)).hasMessageContaining("'iterations'");
  }

  @Test
  void factorialGivesTheValueAndItsDigits() {
    FactorialHandler factorial = new FactorialHandler();
    JsonNode ten = factorial.compute(json("{\"n\":10}"), context);
    assertThat(ten).isEqualTo(json("{\"digits\":7,\"value\":\"3628800\"}"));
    assertThat(factorial.compute(json("{\"n\":25}"), context).get("value").asText())
        .isEqualTo("15511210043330985984000000");
    assertThat(factorial.compute(json("{\"n\":0}"), context).get("value").asText()).isEqualTo("1");
  }

  @Test
  void factorialFailsForGoodWhenTheValueWouldNotFitTheOutputLimit() {
    FactorialHandler factorial = new FactorialHandler();
    StubContext small = new StubContext();
    small.maxOutputBytes = 55; // 25!: {"digits":26,"value":"1551…"} is 50 bytes; 30!: 57
    assertThat(factorial.compute(json("{\"n\":25}"), small).get("digits").asInt()).isEqualTo(26);
    assertThatThrownBy(() -> factorial.compute(json("{\"n\":30}"), small))
        .isInstanceOf(TaskFailedPermanently.class)
        .hasMessageContaining("30! has 33 digits")
        .hasMessageContaining("limit of 55 bytes (tasklane.worker.max-output-bytes)");
  }

  @Test
  void factorialCountsTheDigits() {
    FactorialHandler factorial = new FactorialHandler();
    assertThat(factorial.compute(json("{\"n\":2000}"), context).get("digits").asInt()).isEqualTo(5736);
    assertThat(factorial.compute(json("{\"n\":0}"), context).get("digits").asInt()).isEqualTo(1);
    assertThat(factorial.compute(json("{\"n\":10}"), context).get("digits").asInt()).isEqualTo(7); // 3628800
    assertThat(factorial.compute(json("{\"n\":100000}"), context).get("digits").asInt()).isEqualTo(456574);
    assertThatThrownBy(() -> factorial.compute(json("{\"n\":100001}"), context)).hasMessageContaining("'n'");
    assertThatThrownBy(() -> factorial.compute(json("{\"n\":-3}"), context)).hasMessageContaining("'n'");
    context.cancelled = true;
    assertThatThrownBy(() -> factorial.compute(json("{\"n\":5000}"), context)).isInstanceOf(TaskCancelledException.class);
  }

  @Test
  void noopEchoesItsInputAndSleepReportsItsWait() throws Exception {
    JsonNode input = json("{\"value\":\"7\",\"nested\":{\"a\":[1,2]}}");
    assertThat(await(new NoopHandler().start(input, context))).isEqualTo(input);
    assertThat(await(new SleepHandler().start(json("{\"ms\":20}"), context)).get("sleptMs").asLong()).isEqualTo(20);
    assertThatThrownBy(() -> new SleepHandler().start(json("{\"ms\":-1}"), context)).hasMessageContaining("'ms'");
  }

  @Test
  void httpGetReportsStatusSizeAndHashOfTheBodyAndFailsOnAnErrorStatus() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/missing", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      StubContext http = new StubContext(client);
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpGetHandler get = new HttpGetHandler();

      JsonNode ok = await(get.start(json("{\"url\":\"" + base + "/hello\"}"), http));
      assertThat(ok.get("status").asInt()).isEqualTo(200);
      assertThat(ok.get("bytes").asInt()).isEqualTo(5);
      assertThat(ok.get("sha256").asText()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

      assertThatThrownBy(() -> await(get.start(json("{\"url\":\"" + base + "/missing\"}"), http)))
          .rootCause()
          .isInstanceOf(TaskFailedPermanently.class)
          .hasMessageStartingWith("HTTP 404 from " + base + "/missing");
      assertThatThrownBy(() -> get.start(json("{\"url\":\"ftp://x\"}"), http)).hasMessageContaining("'url'");
      assertThatThrownBy(() -> get.start(json("{}"), http)).hasMessageContaining("'url'");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void errorTextIsTheMessageOrTheExceptionName() {
    assertThat(Slots.errorText(new CompletionException(new IllegalArgumentException("bad n")))).isEqualTo("bad n");
    assertThat(Slots.errorText(new CompletionException(new NullPointerException()))).isEqualTo("NullPointerException");
  }
}
