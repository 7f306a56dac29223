package io.tasklane.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentCancelsTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aCancelIsToldToLanesThatRegisterWithinTheKeepTimeOnly() {
    RecentCancels cancels = new RecentCancels();
    long start = 5 * SECOND;
    cancels.add("j-1", start);
    cancels.add("j-2", start + 10 * SECOND);
    assertThat(cancels.jobs(start + 20 * SECOND)).containsExactly("j-1", "j-2");
    assertThat(cancels.jobs(start + RecentCancels.KEEP_NANOS + SECOND)).containsExactly("j-2");
    assertThat(cancels.jobs(start + RecentCancels.KEEP_NANOS + 11 * SECOND)).isEmpty();
  }

  @Test
  void aCancelAgainRenewsItAndTheOldestGoFirstPastTheBound() {
    RecentCancels cancels = new RecentCancels();
    for (int j = 0; j < RecentCancels.MAX; j++) {
      cancels.add("j-" + j, j);
    }
    cancels.add("j-0", RecentCancels.MAX);
    cancels.add("j-new", RecentCancels.MAX + 1);
    assertThat(cancels.jobs(RecentCancels.MAX + 2)).hasSize(RecentCancels.MAX)
        .doesNotContain("j-1").endsWith("j-0", "j-new").startsWith("j-2");
  }
}
