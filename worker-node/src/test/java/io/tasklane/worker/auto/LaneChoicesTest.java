package io.tasklane.worker.auto;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.LaneChoice;
import io.tasklane.worker.settings.AutoLaneSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the node offers as it measures: auto types in their chosen lane, figures, warnings, and when it tells. */
class LaneChoicesTest {

  private static final long MS = 1_000_000;
  private static final AutoLaneSettings SETTINGS =
      new AutoLaneSettings(3, 10, 0.6, 0.3, 10, 2, Duration.ofMillis(2), Duration.ofSeconds(5));
  private static final Map<String, TypeOffer> BASE = Map.of(
      "nap", new TypeOffer("nap", LaneChoice.AUTO, Lane.CPU, "{}", "given", ""),
      "hash", new TypeOffer("hash", LaneChoice.CPU, Lane.CPU, "{}", "given", ""),
      "fetch", new TypeOffer("fetch", LaneChoice.IO, Lane.IO, "{}", "given", ""));

  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger told = new AtomicInteger();
  private final LaneChoices choices = new LaneChoices(SETTINGS, () -> BASE, now::get);

  LaneChoicesTest() {
    choices.listen("lane", told::incrementAndGet);
  }

  @Test
  void anAutoTypeIsOfferedInTheCpuLaneUntilMeasuredThenInTheLaneItsRunsChose() {
    assertThat(choices.offers().get("nap").lane()).isEqualTo(Lane.CPU);
    assertThat(choices.offers().get("nap").measured()).isNull();
    choices.ran("nap", MS / 10, 200 * MS);
    choices.ran("nap", MS / 10, 200 * MS);
    assertThat(told).as("no choice yet, and report-every has not passed").hasValue(0);
    choices.ran("nap", MS / 10, 200 * MS);
    assertThat(told).as("a choice is told at once").hasValue(1);
    TypeOffer nap = choices.offers().get("nap");
    assertThat(nap.lane()).isEqualTo(Lane.IO);
    assertThat(nap.measured().chosen()).isEqualTo(Lane.IO);
    assertThat(nap.measured().samples()).isEqualTo(3);
    assertThat(nap.measured().cpuRatio()).isLessThan(0.01);
  }

  @Test
  void theColdRunsOfAComputingTypeDoNotChooseTheIoLane() {
    // as measured in TypedDispatchIT on a busy machine, CPU runners in a cgroup of low shares
    // (ms of CPU, ms of wall less run-queue wait): three cold runs at once, asleep on the JVM's warm-up
    choices.ran("nap", 0, 4_112 * MS, 16 * MS, 161 * MS);
    choices.ran("nap", 3_843 * MS, 4_112 * MS, 12 * MS, 91 * MS);
    choices.ran("nap", 4_069 * MS, 4_112 * MS, 15 * MS, 14 * MS);
    assertThat(choices.offers().get("nap").measured().samples()).as("the warm-up is not measured").isZero();
    assertThat(choices.offers().get("nap").lane()).isEqualTo(Lane.CPU);
    for (int run = 0; run < 3; run++) {
      choices.ran("nap", (4_200 + 300 * run) * MS, (4_469 + 300 * run) * MS, 14 * MS, 15 * MS);
    }
    assertThat(choices.offers().get("nap").lane()).isEqualTo(Lane.CPU);
    assertThat(choices.offers().get("nap").measured().samples()).isEqualTo(3);
  }

  @Test
  void aTypeThatIsNotAutoKeepsItsLaneButItsFiguresSayWhereLaneAutoTasksGo() {
    for (int run = 0; run < 3; run++) {
      choices.ran("hash", 50 * MS, 50 * MS);
    }
    TypeOffer hash = choices.offers().get("hash");
    assertThat(hash.lane()).isEqualTo(Lane.CPU);
    assertThat(hash.autoLane()).isEqualTo(Lane.CPU);
    assertThat(hash.measured().cpuMsPerRun()).isEqualTo(50.0);
  }

  @Test
  void changedFiguresAreToldAtMostEveryReportEvery() {
    for (int run = 0; run < 3; run++) {
      choices.ran("hash", 50 * MS, 50 * MS);
    }
    assertThat(told).hasValue(1);
    choices.ran("hash", 50 * MS, 50 * MS);
    assertThat(told).hasValue(1);
    now.addAndGet(Duration.ofSeconds(6).toNanos());
    choices.ran("hash", 50 * MS, 50 * MS);
    assertThat(told).hasValue(2);
  }

  @Test
  void anIoTypeWhoseStartComputesIsWarnedOfWithItsFiguresUntilItStops() {
    for (int run = 0; run < 3; run++) {
      choices.started("fetch", 8 * MS, 8 * MS);
    }
    TypeOffer fetch = choices.offers().get("fetch");
    assertThat(told).hasValue(1);
    assertThat(fetch.lane()).isEqualTo(Lane.IO);
    assertThat(fetch.measured().chosen()).as("an I/O handler is not moved").isNull();
    assertThat(fetch.measured().warning()).contains("declared io but computes on the I/O lane's thread")
        .contains("8.00 ms CPU per run");
    for (int run = 0; run < 10; run++) {
      choices.started("fetch", 0, MS);
    }
    assertThat(choices.offers().get("fetch").measured().warning()).isNull();
    assertThat(told).hasValue(2);
  }
}
