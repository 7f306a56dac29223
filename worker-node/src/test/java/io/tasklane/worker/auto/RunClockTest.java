package io.tasklane.worker.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** A run's clocks on a platform thread: a computing run is mostly CPU, a sleeping one hardly any. */
class RunClockTest {

  @Test
  void aComputingRunReadsAsMostlyCpuAndASleepingOneAsMostlyWaiting() throws Exception {
    assertThat(RunClock.supported()).isTrue();
    AtomicLongArray computed = new AtomicLongArray(2);
    RunClock.Reading start = RunClock.now();
    long spin = System.nanoTime();
    long sink = 0;
    while (System.nanoTime() - spin < 50_000_000) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    RunClock.since(start, (cpu, wall) -> {
      computed.set(0, cpu);
      computed.set(1, wall);
    });
    assertThat((double) computed.get(0) / computed.get(1)).as("sink %s", sink).isGreaterThan(0.6);

    AtomicLongArray slept = new AtomicLongArray(2);
    RunClock.Reading before = RunClock.now();
    Thread.sleep(50);
    RunClock.since(before, (cpu, wall) -> {
      slept.set(0, cpu);
      slept.set(1, wall);
    });
    // the wall time read is less the time the thread waited for a core, so on a loaded machine it
    // may be well under the 50 ms slept: only its being there is certain
    assertThat(slept.get(1)).isPositive();
    assertThat((double) slept.get(0) / slept.get(1)).isLessThan(0.3);
  }
}
