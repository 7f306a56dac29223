package io.tasklane.worker.rejoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CoordinatorAbsenceTest {

  private static final Duration AFTER = Duration.ofSeconds(15);
  private static final String COORDINATOR = "pekko://tasklane@127.0.0.1:17355#1";
  private static final String RESTARTED = "pekko://tasklane@127.0.0.1:17355#2";
  private static final String OTHER_WORKER = "pekko://tasklane@127.0.0.1:17356#3";
  private final Instant t0 = Instant.parse("2026-12-07T03:00:00Z");

  private Instant at(long seconds) {
    return t0.plusSeconds(seconds);
  }

  /** Up with a reachable coordinator at t0. */
  private CoordinatorAbsence joined(Duration after) {
    CoordinatorAbsence absence = new CoordinatorAbsence(after);
    absence.member(COORDINATOR, true, true, t0);
    absence.member(OTHER_WORKER, false, true, t0);
    absence.selfUp(t0);
    return absence;
  }

  @Test
  void neverAsksWhileACoordinatorIsUpAndReachable() {
    CoordinatorAbsence absence = joined(AFTER);
    assertThat(absence.shouldRejoin(at(3600))).isFalse();
    assertThat(absence.absentFor(at(3600))).isEmpty();
  }

  @Test
  void asksOnceTheCoordinatorHasBeenUnreachableForRejoinAfter() {
    CoordinatorAbsence absence = joined(AFTER);
    absence.unreachable(COORDINATOR, at(10));
    assertThat(absence.shouldRejoin(at(24))).isFalse();
    assertThat(absence.absentFor(at(24))).contains(Duration.ofSeconds(14));
    assertThat(absence.shouldRejoin(at(25))).isTrue();
  }

  @Test
  void theClockStartsWhenTheCoordinatorIsRemovedAndANewIncarnationThatIsUpStopsIt() {
    CoordinatorAbsence absence = joined(AFTER);
    absence.unreachable(COORDINATOR, at(10));
    absence.member(COORDINATOR, true, false, at(17)); // downed, then removed
    assertThat(absence.absentFor(at(17))).contains(Duration.ofSeconds(7));
    absence.member(RESTARTED, true, true, at(20)); // the restarted coordinator joined this cluster
    assertThat(absence.shouldRejoin(at(60))).isFalse();
  }

  @Test
  void aCoordinatorReachableAgainInTimeResetsTheClock() {
    CoordinatorAbsence absence = joined(AFTER);
    absence.unreachable(COORDINATOR, at(10));
    absence.reachable(COORDINATOR, at(20));
    assertThat(absence.shouldRejoin(at(30))).isFalse();
    absence.unreachable(COORDINATOR, at(40));
    assertThat(absence.shouldRejoin(at(54))).isFalse();
    assertThat(absence.shouldRejoin(at(55))).isTrue();
  }

  @Test
  void otherWorkersDoNotCountAsCoordinators() {
    CoordinatorAbsence absence = new CoordinatorAbsence(AFTER);
    absence.member(OTHER_WORKER, false, true, t0);
    absence.selfUp(t0);
    assertThat(absence.shouldRejoin(at(15))).isTrue();
  }

  @Test
  void doesNotCountBeforeThisNodeIsUp() {
    CoordinatorAbsence absence = new CoordinatorAbsence(AFTER);
    absence.member(OTHER_WORKER, false, true, t0);
    assertThat(absence.shouldRejoin(at(3600))).isFalse();
    absence.selfUp(at(3600));
    assertThat(absence.shouldRejoin(at(3614))).isFalse();
    assertThat(absence.shouldRejoin(at(3615))).isTrue();
  }

  @Test
  void neverAsksWhileDraining() {
    CoordinatorAbsence absence = joined(AFTER);
    absence.unreachable(COORDINATOR, at(10));
    absence.draining();
    assertThat(absence.shouldRejoin(at(3600))).isFalse();
  }

  @Test
  void neverAsksWhenOff() {
    CoordinatorAbsence absence = joined(Duration.ZERO);
    absence.unreachable(COORDINATOR, at(10));
    assertThat(absence.enabled()).isFalse();
    assertThat(absence.shouldRejoin(at(3600))).isFalse();
  }
}
