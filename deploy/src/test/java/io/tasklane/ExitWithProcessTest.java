package io.tasklane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checks of {@code TASKLANE_EXIT_WITH_PID}; that a process ends with the watched one: ExitWithTheTestRunIT. */
class ExitWithProcessTest {

  @Test
  void unsetOrBlankWatchesNothing() {
    assertThat(ExitWithProcess.install(null)).isEmpty();
    assertThat(ExitWithProcess.install(" ")).isEmpty();
  }

  @Test
  void aValueThatIsNotAProcessIdIsNamedInTheError() {
    assertThat(ExitWithProcess.install("parent")).contains(
        "TASKLANE_EXIT_WITH_PID must be a process id (a positive number), not 'parent'");
    assertThat(ExitWithProcess.install("-3")).get().asString().contains("not '-3'");
    assertThat(ExitWithProcess.install("0")).get().asString().contains("not '0'");
  }

  @Test
  void thisProcessItselfIsRefused() {
    long self = ProcessHandle.current().pid();
    assertThat(ExitWithProcess.install(Long.toString(self)))
        .contains("TASKLANE_EXIT_WITH_PID must name another process than this one (" + self + ")");
  }

  @Test
  void aLiveProcessIsWatchedWithoutEndingThisOne() {
    // the first process (init, or a container's entry point) lives longer than this test
    assertThat(ExitWithProcess.install("1")).isEmpty();
  }
}
