package io.tasklane.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InputSchemaCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static final InputSchema SLEEP = InputSchema.object().required("ms", InputSchema.integer().minimum(0));

  private static final InputSchema EXEC = InputSchema.object()
      .required("argv", InputSchema.array(InputSchema.string()).minItems(1))
      .optional("env", InputSchema.object().additionalProperties(InputSchema.string()))
      .optional("cwd", InputSchema.string());

  @Test
  void anInputThatFitsHasNoProblems() {
    assertThat(SLEEP.check(json("{\"ms\": 200}"))).isEmpty();
    assertThat(EXEC.check(json("{\"argv\": [\"echo\", \"hi\"], \"env\": {\"A\": \"b\"}, \"cwd\": \"/tmp\"}"))).isEmpty();
  }

  @Test
  void aWrongTypeNamesTheFieldAndQuotesTheValue() {
    assertThat(SLEEP.check(json("{\"ms\": \"abc\"}"))).containsExactly("input.ms: must be an integer, got \"abc\"");
    assertThat(SLEEP.check(json("{\"ms\": 2.5}"))).containsExactly("input.ms: must be an integer, got 2.5");
    assertThat(SLEEP.check(json("[1]"))).containsExactly("input: must be an object, got [1]");
  }

  @Test
  void aMissingRequiredFieldIsNamedAndNullCountsAsMissing() {
    assertThat(SLEEP.check(json("{}"))).containsExactly("input.ms: required, as an integer");
    assertThat(SLEEP.check(json("{\"ms\": null}"))).containsExactly("input.ms: required, as an integer");
    assertThat(SLEEP.check(null)).containsExactly("input: required, as an object");
    assertThat(EXEC.check(json("{\"argv\": [\"ls\"], \"cwd\": null}"))).as("null optional = absent").isEmpty();
  }

  @Test
  void aNumberInAStringIsAcceptedWhereANumberIsAskedForAsHandlersReadIt() {
    assertThat(SLEEP.check(json("{\"ms\": \"250\"}"))).isEmpty();
    assertThat(SLEEP.check(json("{\"ms\": \" 7 \"}"))).isEmpty();
    assertThat(SLEEP.check(json("{\"ms\": \"-3\"}"))).containsExactly("input.ms: must be at least 0, got -3");
    assertThat(SLEEP.check(json("{\"ms\": \"1.5\"}"))).containsExactly("input.ms: must be an integer, got \"1.5\"");
    InputSchema ratio = InputSchema.object().required("r", InputSchema.number().minimum(0.5).maximum(2));
    assertThat(ratio.check(json("{\"r\": \"1.25\"}"))).isEmpty();
    assertThat(ratio.check(json("{\"r\": 0.25}"))).containsExactly("input.r: must be at least 0.5, got 0.25");
    assertThat(ratio.check(json("{\"r\": 3}"))).containsExactly("input.r: must be at most 2, got 3");
    assertThat(ratio.check(json("{\"r\": true}"))).containsExactly("input.r: must be a number, got true");
  }

  @Test
  void arrayItemsAreNamedByTheirIndex() {
    assertThat(EXEC.check(json("{\"argv\": [\"a\", \"b\", 3]}"))).containsExactly("input.argv[2]: must be a string, got 3");
    assertThat(EXEC.check(json("{\"argv\": []}"))).containsExactly("input.argv: must have at least 1 item, got 0");
    assertThat(EXEC.check(json("{\"argv\": \"ls -l\"}"))).containsExactly("input.argv: must be an array, got \"ls -l\"");
    InputSchema pair = InputSchema.object().required("xy", InputSchema.array(InputSchema.integer()).maxItems(2));
    assertThat(pair.check(json("{\"xy\": [1, 2, 3]}"))).containsExactly("input.xy: must have at most 2 items, got 3");
  }

  @Test
  void additionalPropertiesAreCheckedAgainstTheirSchemaOrRefusedWhenClosed() {
    assertThat(EXEC.check(json("{\"argv\": [\"ls\"], \"env\": {\"A\": 1}}"))).containsExactly("input.env.A: must be a string, got 1");
    assertThat(EXEC.check(json("{\"argv\": [\"ls\"], \"extra\": 1}"))).as("open by default").isEmpty();
    InputSchema closed = SLEEP.additionalProperties(false);
    assertThat(closed.check(json("{\"ms\": 1, \"msec\": 2}"))).containsExactly("input.msec: not allowed (known: ms)");
    assertThat(closed.check(json("{\"ms\": 1, \"a b\": 2}"))).containsExactly("input[\"a b\"]: not allowed (known: ms)");
  }

  @Test
  void nestedObjectsNameTheWholePath() {
    InputSchema nested = InputSchema.object().required("target", InputSchema.object()
        .required("host", InputSchema.string().minLength(1))
        .required("ports", InputSchema.array(InputSchema.integer().minimum(1).maximum(65535))));
    assertThat(nested.check(json("{\"target\": {\"host\": \"\", \"ports\": [80, 70000]}}"))).containsExactly(
        "input.target.host: must have at least 1 character, got 0",
        "input.target.ports[1]: must be at most 65535, got 70000");
    assertThat(nested.check(json("{\"target\": {}}"))).containsExactly(
        "input.target.host: required, as a string", "input.target.ports: required, as an array");
  }

  @Test
  void enumsPatternsAndLengthsAreChecked() {
    InputSchema mode = InputSchema.object()
        .required("mode", InputSchema.string().enumOf("fast", "slow"))
        .optional("level", InputSchema.integer().enumOf(1, 2, 3))
        .optional("name", InputSchema.string().pattern("^[a-z]+$").maxLength(5));
    assertThat(mode.check(json("{\"mode\": \"fast\", \"level\": \"2\", \"name\": \"abc\"}"))).isEmpty();
    assertThat(mode.check(json("{\"mode\": \"quick\"}"))).containsExactly("input.mode: must be one of \"fast\", \"slow\", got \"quick\"");
    assertThat(mode.check(json("{\"mode\": \"slow\", \"level\": 4}"))).containsExactly("input.level: must be one of 1, 2, 3, got 4");
    assertThat(mode.check(json("{\"mode\": \"slow\", \"name\": \"ABCDEFG\"}"))).containsExactly(
        "input.name: must have at most 5 characters, got 7", "input.name: must match ^[a-z]+$, got \"ABCDEFG\"");
  }

  @Test
  void problemsCarryPathAndMessageApartAndStopAtTheLimit() {
    assertThat(SLEEP.problems(json("{\"ms\": \"abc\"}")))
        .containsExactly(new InputProblem("input.ms", "must be an integer, got \"abc\""));
    StringBuilder many = new StringBuilder("{\"argv\": [");
    for (int i = 0; i < 100; i++) {
      many.append(i == 0 ? "" : ", ").append(i);
    }
    assertThat(EXEC.check(json(many.append("]}").toString()))).hasSize(SchemaChecker.MAX_PROBLEMS);
  }

  @Test
  void aLongValueIsQuotedShort() {
    String problem = SLEEP.check(json("{\"ms\": \"" + "x".repeat(500) + "\"}")).get(0);
    assertThat(problem).startsWith("input.ms: must be an integer, got \"xxx").endsWith("...").hasSizeLessThan(120);
  }

  @Test
  void anyAcceptsEverything() {
    assertThat(InputSchema.any().check(json("{\"whatever\": [1, {\"x\": null}]}"))).isEmpty();
    assertThat(InputSchema.any().check(json("42"))).isEmpty();
    assertThat(InputSchema.any().acceptsAnything()).isTrue();
    assertThat(SLEEP.acceptsAnything()).isFalse();
  }

  @Test
  void aKeywordOnTheWrongKindOfSchemaIsAMistakeSaidAtOnce() {
    assertThatThrownBy(() -> InputSchema.string().minimum(0))
        .isInstanceOf(IllegalStateException.class).hasMessage("minimum applies to number schemas and integer ones, not to string ones");
    assertThatThrownBy(() -> InputSchema.integer().required("x", InputSchema.any()))
        .hasMessageContaining("required applies to object schemas");
    assertThatThrownBy(() -> InputSchema.string().pattern("(")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern is not a regular expression");
    assertThatThrownBy(() -> InputSchema.array().minItems(-1)).hasMessage("minItems must not be negative, not -1");
  }

  @Test
  void schemasAreImmutableValues() {
    InputSchema base = InputSchema.object();
    InputSchema withMs = base.required("ms", InputSchema.integer());
    assertThat(base.check(json("{}"))).isEmpty();
    assertThat(withMs.check(json("{}"))).hasSize(1);
    assertThat(withMs).isEqualTo(InputSchema.object().required("ms", InputSchema.integer()));
    assertThat(withMs.optional("ms", InputSchema.integer()).check(json("{}"))).as("optional again").isEmpty();
  }
}
