package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskFailedPermanently;
import io.tasklane.spi.TaskHandler;
import io.tasklane.worker.settings.ExecAllow;
import io.tasklane.worker.settings.ExecSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each built-in's declared input says what its handler reads: every input the handler takes
 * passes the check at submit (no job is refused that would have run), and the usual mistakes
 * are refused there instead of failing at run time. The handlers keep their own checks.
 */
class BuiltInInputSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecHandler EXEC =
      new ExecHandler(new ExecSettings(ExecAllow.ALL, 1024, Duration.ofSeconds(1)), "w1"); // offered only where allowed

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode raw(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static InputSchema schemaOf(String type) {
    HandlerRegistry registry = HandlerRegistry.load(Path.of("no-such-plugin-dir"), EXEC);
    return registry.find(type).map(TaskHandler::input).orElseThrow();
  }

  /** Inputs the handler's own reading takes, and inputs it refuses for good. */
  private static void agree(String type, Consumer<JsonNode> handlerReads, List<String> good, List<String> bad) {
    InputSchema schema = schemaOf(type);
    for (String input : good) {
      handlerReads.accept(json(input)); // throws if the handler would refuse it
      assertThat(schema.check(json(input))).as("%s %s", type, input).isEmpty();
    }
    for (String input : bad) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> handlerReads.accept(json(input)))
          .as("%s refuses %s at run time", type, input).isInstanceOf(TaskFailedPermanently.class);
      assertThat(schema.check(json(input))).as("%s %s", type, input).isNotEmpty();
    }
  }

  @Test
  void sleepSha256AndFactorialTakeWholeNumbersFromZeroAlsoInStrings() {
    List<String> bad = List.of("{}", "{'ms': null}", "{'ms': -1}", "{'ms': 'abc'}", "{'ms': 2.5}", "{'ms': true}",
        "{'ms': '-4'}");
    agree("sleep", input -> Inputs.nonNegativeLong(input, "sleep", "ms"),
        List.of("{'ms': 0}", "{'ms': 250}", "{'ms': '250'}", "{'ms': ' 7 '}", "{'ms': 1, 'note': 'x'}"), bad);
    agree("sha256", input -> Inputs.nonNegativeLong(input, "sha256", "iterations"),
        List.of("{'iterations': 3000000}", "{'iterations': '12'}"), List.of("{}", "{'iterations': 'many'}"));
    FactorialHandler factorial = new FactorialHandler();
    agree("factorial", input -> factorial.compute(input, new StubContext()),
        List.of("{'n': 0}", "{'n': 20}", "{'n': '100'}"), List.of("{'n': 100001}", "{'n': -1}", "{'n': 'x'}"));
    assertThat(schemaOf("sleep").check(json("{'ms': 'abc'}"))).containsExactly("input.ms: must be an integer, got \"abc\"");
  }

  @Test
  void httpTypesTakeAnHttpUrlWithAHost() {
    List<String> good = List.of("{'url': 'http://127.0.0.1:8080/x'}", "{'url': 'HTTPS://example.com'}");
    List<String> bad = List.of("{}", "{'url': ''}", "{'url': 5}", "{'url': 'ftp://h/x'}", "{'url': 'http:///x'}",
        "{'url': 'example.com'}");
    agree("http.get", input -> HttpCalls.url(input, "http.get"), good, bad);
    agree("file.download", input -> {
      HttpCalls.url(input, "file.download");
      Inputs.text(input, "file.download", "path");
    }, List.of("{'url': 'http://h/x', 'path': 'out/x.bin'}"),
        List.of("{'url': 'http://h/x'}", "{'url': 'http://h/x', 'path': ' '}", "{'url': 'http://h/x', 'path': 3}",
            "{'path': 'x'}"));
  }

  @Test
  void execTakesArgvAndOptionalEnvCwdAndStdinAsStrings() {
    agree("exec", ExecInput::read,
        List.of("{'argv': ['ls']}", "{'argv': ['sh', '-c', 'echo ${i}'], 'env': {'A': 'b'}, 'cwd': '/tmp', 'stdin': 'x'}",
            "{'argv': ['ls'], 'env': null, 'cwd': null, 'stdin': null}"),
        List.of("{}", "{'argv': []}", "{'argv': 'ls -l'}", "{'argv': ['ls', 1]}", "{'argv': ['ls'], 'env': {'A': 1}}",
            "{'argv': ['ls'], 'env': 'A=b'}", "{'argv': ['ls'], 'cwd': 5}", "{'argv': ['ls'], 'stdin': ['x']}"));
    assertThat(schemaOf("exec").check(json("{'argv': ['a', 'b', 3]}")))
        .containsExactly("input.argv[2]: must be a string, got 3");
  }

  @Test
  void noopTakesAnything() {
    assertThat(schemaOf("noop").acceptsAnything()).isTrue();
  }

  @Test
  void everyBuiltInIsOfferedWithItsSchemaAndADescription() {
    Map<String, TypeOffer> offers = HandlerRegistry.load(Path.of("no-such-plugin-dir"), EXEC).offers();
    assertThat(offers).containsKeys("noop", "sleep", "http.get", "file.download", "sha256", "factorial", "exec");
    offers.values().forEach(offer -> {
      assertThat(offer.description()).as(offer.type()).isNotBlank();
      assertThat(InputSchema.fromJson(raw(offer.input()))).as(offer.type()).isEqualTo(schemaOf(offer.type()));
    });
    assertThat(raw(offers.get("sleep").input()).at("/properties/ms/minimum").asInt()).isZero();
  }
}
