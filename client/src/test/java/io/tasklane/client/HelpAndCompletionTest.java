package io.tasklane.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.testing.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpAndCompletionTest {

  static final List<String> COMMANDS =
      List.of("submit", "status", "results", "watch", "cancel", "jobs", "cluster", "types", "completion");

  @Test
  void rootHelpListsEveryCommand() {
    Cli.Run run = Cli.run("--help");

    assertThat(run.code()).isZero();
    for (String command : COMMANDS) {
      assertThat(run.out()).containsPattern("(?m)^\\s+" + command + "\\s");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit", "status", "results", "watch", "cancel", "jobs", "cluster", "types", "completion"})
  void everyCommandsHelpHasExamplesAndTheExitCodes(String command) {
    Cli.Run run = Cli.run(command, "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Examples:").contains("Exit codes:").contains("3  the coordinator");
  }

  @Test
  void shortHelpIsTheSameHelp() {
    assertThat(Cli.run("status", "-h").out()).isEqualTo(Cli.run("status", "--help").out()).contains("Exit codes:");
  }

  @Test
  void everyApiCommandTakesOutputAndNoColor() {
    for (String command : List.of("submit", "status", "results", "watch", "cancel", "jobs", "cluster", "types")) {
      assertThat(Cli.run(command, "--help").out()).as(command).contains("-o, --output").contains("--no-color");
    }
  }

  @Test
  void printsABashCompletionScriptForTheRootCommand() {
    Cli.Run run = Cli.run("completion", "bash");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("complete -F").contains("tasklane").contains("watch").contains("--idempotency-key");
  }

  @Test
  void refusesOtherShells() {
    assertThat(Cli.run("completion", "fish").code()).isEqualTo(2);
  }
}
