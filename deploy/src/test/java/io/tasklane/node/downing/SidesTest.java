package io.tasklane.node.downing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.node.downing.Sides.Outcome;
import org.junit.jupiter.api.Test;

class SidesTest {

  @Test
  void workersAloneDownThemselvesAndNeverTheirOnlyCoordinator() {
    // the coordinator paused: both workers see it unreachable
    assertThat(new Sides(2, 1, 0, 1, false).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
    // a worker cut off alone
    assertThat(new Sides(1, 1, 0, 1, false).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
  }

  @Test
  void aCoordinatorStaysWhenItLosesEveryWorker() {
    // keep-oldest with down-if-alone would down it here (alone, two on the other side)
    assertThat(new Sides(1, 2, 1, 0, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(1, 1, 1, 0, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(2, 3, 1, 0, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
  }

  @Test
  void theNextCoordinatorTakesOverFromTheOldestWhenThatOneIsAlone() {
    // seen from the survivors: the oldest coordinator alone on the other side
    assertThat(new Sides(3, 1, 1, 1, false).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    // seen from the oldest, alone
    assertThat(new Sides(1, 3, 1, 1, true).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
  }

  @Test
  void betweenSidesWithCoordinatorsTheOldestCoordinatorsSideStays() {
    assertThat(new Sides(2, 2, 1, 1, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(2, 2, 1, 1, false).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
    // two coordinators alone: the oldest stays
    assertThat(new Sides(1, 1, 1, 1, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(1, 1, 1, 1, false).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
  }

  @Test
  void withoutCoordinatorsItIsKeepOldestWithDownIfAlone() {
    assertThat(new Sides(2, 1, 0, 0, true).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(1, 2, 0, 0, true).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
    assertThat(new Sides(2, 1, 0, 0, false).decide()).isEqualTo(Outcome.DOWN_UNREACHABLE);
    assertThat(new Sides(1, 2, 0, 0, false).decide()).isEqualTo(Outcome.DOWN_REACHABLE);
  }

  @Test
  void inconsistentCountsAreRefused() {
    assertThatThrownBy(() -> new Sides(1, 0, 2, 0, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inconsistent sides");
  }
}
