package io.tasklane.coordinator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobPhaseTest {

  @Test
  void aJobMovesOnlyAlongItsTable() {
    assertThat(allowedFrom(JobPhase.OPEN)).containsExactlyInAnyOrder(JobPhase.RUNNING, JobPhase.ENDED, JobPhase.CANCELLED);
    assertThat(allowedFrom(JobPhase.RUNNING)).containsExactlyInAnyOrder(JobPhase.ENDED, JobPhase.CANCELLED);
    assertThat(allowedFrom(JobPhase.ENDED)).as("ended is final").isEmpty();
    assertThat(allowedFrom(JobPhase.CANCELLED)).as("cancelled is final").isEmpty();
  }

  @Test
  void aJobStartsOpenOrRunningOrEndedWhenItHasNothingToRun() {
    assertThat(JobPhase.first(true, 0)).isEqualTo(JobPhase.OPEN);
    assertThat(JobPhase.first(true, 3)).isEqualTo(JobPhase.OPEN);
    assertThat(JobPhase.first(false, 3)).isEqualTo(JobPhase.RUNNING);
    assertThat(JobPhase.first(false, 0)).isEqualTo(JobPhase.ENDED);
    assertThat(EnumSet.allOf(JobPhase.class)).filteredOn(JobPhase::isEnded)
        .containsExactlyInAnyOrder(JobPhase.ENDED, JobPhase.CANCELLED);
  }

  private static Set<JobPhase> allowedFrom(JobPhase from) {
    Set<JobPhase> allowed = EnumSet.noneOf(JobPhase.class);
    for (JobPhase to : JobPhase.values()) {
      if (from.canBecome(to)) {
        allowed.add(to);
      }
    }
    return allowed;
  }
}
