package io.tasklane.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.protocol.job.JobSpecException.Problem;
import org.junit.jupiter.api.Test;

/** What {@link JobFileFuzzTest} found, each reduced to one plain case. */
class FuzzFindingsTest {

  private static JobSpecException refused(String file, String text) {
    try {
      JobFileParser.parse(file, text);
    } catch (JobSpecException e) {
      return e;
    }
    throw new AssertionError("parsed: " + text);
  }

  @Test
  void aNumberOverTheReadLimitNamesItsLineAndNoJavaSetter() {
    JobSpecException e = refused("job.json", "{\n\"tasks\": [{\"type\": \"noop\",\n \"retries\": " + "9".repeat(1500) + "}]}");
    assertThat(e.problems()).hasSize(1);
    Problem problem = e.problems().get(0);
    assertThat(problem.line()).as("was 0: the read limit's exception has no location").isEqualTo(3);
    assertThat(problem.message())
        .isEqualTo("malformed JSON: Number value length (1500) exceeds the maximum allowed (1000)")
        .doesNotContain("StreamReadConstraints");
  }

  @Test
  void nestingOverTheReadLimitNamesItsLine() {
    JobSpecException e = refused("job.json", "{\"tasks\":\n" + "[".repeat(1200) + "]".repeat(1200) + "}");
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isPositive();
      assertThat(Leaks.of(p.message())).as(p.message()).isNull();
    });
  }

  @Test
  void aYamlAliasIsRefusedNotReadAsItsAnchorsName() {
    // was: input {y: "x"}, the anchor's name in place of the list it stands for
    JobSpecException e = refused("job.yaml", """
        tasks:
          - {type: noop, input: {x: &x [1, 2]}}
          - {type: noop, input: {y: *x}}
        """);
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "job.yaml:3: tasks[1].input: YAML aliases are not supported (*x): write the value out in full");
  }

  @Test
  void aBillionLaughsIsRefusedAtOnce() {
    StringBuilder yaml = new StringBuilder("tasks:\n  - type: noop\n    input:\n      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("      a").append(i).append(": &a").append(i).append(" [")
          .append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
    }
    JobSpecException e = refused("bomb.yaml", yaml.toString());
    assertThat(e.problems()).hasSize(11 * 9).allSatisfy(p -> assertThat(p.field()).isEqualTo("tasks[0].input"));
  }

  @Test
  void aFloatBeyondADoubleKeepsItsValueInsteadOfBecomingTheStringInfinity() throws Exception {
    JobSpec spec = JobFileParser.parse("job.json", "{\"tasks\": [{\"type\": \"noop\", \"input\": {\"a\": 1e400}}]}");
    assertThat(spec.tasks().get(0).input().get("a").isNumber()).isTrue();
    assertThat(spec.tasks().get(0).input().toString()).isEqualTo("{\"a\":1E+400}");
  }

  @Test
  void anEscapeCutOffAtTheEndOfTheFileIsMalformedYamlInWords() {
    // was: "Malformed Number token: failed to tokenize due to (java.lang.NumberFormatException): …"
    JobSpecException e = refused("job.yaml", "tasks: \"abc\\x");
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "job.yaml:1: malformed YAML: the text cannot be read here: a broken escape sequence or unfinished quoted text");
  }
}
