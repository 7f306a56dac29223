package io.tasklane.coordinator.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** Items are their own size in bytes. */
  private static GroupCommit<Long> commit(int maxItems, long maxBytes) {
    return new GroupCommit<>(maxItems, maxBytes, Long::longValue);
  }

  @Test
  void theFirstItemIsWrittenAtOnceAndWhatArrivesMeanwhileGoesTogetherNext() {
    GroupCommit<Long> commit = commit(100, 1000);
    assertThat(commit.add(1L)).containsExactly(1L);
    assertThat(commit.add(2L)).as("a write is in flight").isEmpty();
    assertThat(commit.add(3L)).isEmpty();
    assertThat(commit.isIdle()).isFalse();

    assertThat(commit.written()).containsExactly(2L, 3L);
    assertThat(commit.add(4L)).isEmpty();
    assertThat(commit.written()).containsExactly(4L);
    assertThat(commit.written()).as("nothing waits").isEmpty();
    assertThat(commit.isIdle()).isTrue();
    assertThat(commit.add(5L)).as("idle again: written at once").containsExactly(5L);
  }

  @Test
  void aGroupStopsAtMostItems() {
    GroupCommit<Long> commit = commit(2, 1000);
    commit.add(1L);
    for (long i = 2; i <= 6; i++) {
      commit.add(i);
    }
    assertThat(commit.written()).containsExactly(2L, 3L);
    assertThat(commit.written()).containsExactly(4L, 5L);
    assertThat(commit.written()).containsExactly(6L);
  }

  @Test
  void aGroupStopsAtItsByteBudgetAndAlwaysTakesOne() {
    GroupCommit<Long> commit = commit(100, 10);
    commit.add(1L);
    commit.add(4L);
    commit.add(6L);
    commit.add(1L);
    commit.add(25L);
    commit.add(3L);
    assertThat(commit.written()).as("4 + 6 fill the budget exactly").containsExactly(4L, 6L);
    assertThat(commit.written()).as("25 does not fit beside 1").containsExactly(1L);
    assertThat(commit.written()).as("over the budget: alone").containsExactly(25L);
    assertThat(commit.written()).containsExactly(3L);
  }

  @Test
  void whatAFailedWriteGivesBackGoesBeforeWhatArrivedSince() {
    GroupCommit<Long> commit = commit(100, 1000);
    List<Long> first = commit.add(1L);
    commit.add(2L);
    List<Long> second = commit.written();
    assertThat(second).containsExactly(2L);
    commit.add(3L);
    assertThat(commit.failed(List.of(2L))).containsExactly(2L, 3L);
    assertThat(commit.failed(List.of())).as("nothing to repeat, nothing waits").isEmpty();
    assertThat(commit.isIdle()).isTrue();
    assertThat(first).containsExactly(1L);
  }

  @Test
  void aFailedGroupGivenBackStillRespectsTheBudget() {
    GroupCommit<Long> commit = commit(2, 1000);
    commit.add(1L);
    commit.add(2L);
    commit.add(3L);
    assertThat(commit.written()).containsExactly(2L, 3L);
    commit.add(4L);
    assertThat(commit.failed(List.of(2L, 3L))).containsExactly(2L, 3L);
    assertThat(commit.written()).containsExactly(4L);
  }

  @Test
  void aBudgetWithoutRoomForOneItemIsRefused() {
    assertThatThrownBy(() -> commit(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> commit(10, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
