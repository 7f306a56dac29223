package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadSchedTest {

  @Test
  void threadIdsAndNamesComeFromJcmdThreadPrint() {
    String print = """
        "main" #3 [897] prio=5 os_prio=0 cpu=1057.84ms elapsed=24.15s tid=0x00007f903402b230 nid=897 waiting on condition  [0x00007f903b11e000]
        "tasklane-tasklane.worker.cpu-dispatcher-17" #60 daemon prio=5 os_prio=0 tid=0x00007f9 nid=0x4d2 runnable
           java.lang.Thread.State: RUNNABLE
        "GC Thread#1" os_prio=0 cpu=3.2ms tid=0x00007f9 nid=1300 runnable
        """;
    assertThat(ThreadSched.parseThreadNames(print))
        .containsEntry(897L, "main")
        .containsEntry(1234L, "tasklane-tasklane.worker.cpu-dispatcher-17")
        .containsEntry(1300L, "GC Thread#1")
        .hasSize(3);
  }

  @Test
  void threadsGroupByTheirNameWithoutTheTrailingNumber() {
    assertThat(ThreadSched.group("tasklane-tasklane.worker.cpu-dispatcher-17")).isEqualTo(ThreadSched.RUNNERS);
    assertThat(ThreadSched.group("GC Thread#1")).isEqualTo("GC Thread");
    assertThat(ThreadSched.group("tasklane-scheduler")).isEqualTo("tasklane-scheduler");
  }
}
