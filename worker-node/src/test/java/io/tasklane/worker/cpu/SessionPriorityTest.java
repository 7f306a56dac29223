package io.tasklane.worker.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionPriorityTest {

  @Test
  void readsTheSessionFromProcStatEvenWhenTheNameHoldsSpacesAndParentheses() {
    assertThat(SessionPriority.sessionOf("4242 (java) S 1 4242 4242 0 -1 4194560 12 0")).isEqualTo(4242L);
    assertThat(SessionPriority.sessionOf("77 (a (b) c) R 5 70 71 0 -1")).isEqualTo(71L);
    assertThat(SessionPriority.sessionOf("garbage")).isNull();
  }

  @Test
  void readsTheAutogroupNice() {
    assertThat(SessionPriority.niceOf("/autogroup-1951 nice 0\n")).isZero();
    assertThat(SessionPriority.niceOf("/autogroup-7 nice 10")).isEqualTo(10);
    assertThat(SessionPriority.niceOf("/autogroup-7 nice -5")).isEqualTo(-5);
    assertThat(SessionPriority.niceOf("")).isNull();
  }

  @Test
  void leavesAProcessThatDoesNotLeadItsSessionAlone() throws Exception {
    // the test JVM was started by Maven: it shares Maven's session, so nothing changes
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("/proc/self/stat")),
        "Linux /proc");
    java.nio.file.Path autogroup = java.nio.file.Path.of("/proc/self/autogroup");
    String before = java.nio.file.Files.isRegularFile(autogroup) ? java.nio.file.Files.readString(autogroup) : null;
    Long session = SessionPriority.sessionOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")));
    org.junit.jupiter.api.Assumptions.assumeTrue(session != null && session != ProcessHandle.current().pid(),
        "the test JVM leads its own session");
    assertThat(SessionPriority.yieldToOtherSessions(10)).isNull();
    if (before != null) {
      assertThat(java.nio.file.Files.readString(autogroup)).isEqualTo(before);
    }
  }
}
