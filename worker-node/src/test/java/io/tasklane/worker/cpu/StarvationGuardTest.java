package io.tasklane.worker.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard over a directory shaped like a cgroup, with the threads' times given by the test. */
class StarvationGuardTest {

  private static final long MS = 1_000_000;

  @TempDir Path group;
  private final Map<String, long[]> times = new HashMap<>();
  private final AtomicLong now = new AtomicLong();
  private StarvationGuard guard;

  @BeforeEach
  void aGroupOfTwoIdleRunners() throws Exception {
    Files.writeString(group.resolve("tasks"), "101\n102\n");
    Files.writeString(group.resolve("cpu.idle"), "1");
    Files.writeString(group.resolve("cpu.shares"), "1024");
    times.put("101", new long[] {0, 0});
    times.put("102", new long[] {0, 0});
    guard = new StarvationGuard(group, 110, Duration.ofSeconds(2), Duration.ofSeconds(30), times::get, now::get);
    guard.check();
  }

  @Test
  void runnersThatGetTheLeftOverCoresStayIdle() throws Exception {
    // both ran most of the window, waited a little (the I/O lane took the core now and then)
    advance(2_000, new long[] {1_800, 150}, new long[] {1_700, 250});
    assertThat(guard.idle()).isTrue();
    assertThat(Files.readString(group.resolve("cpu.idle"))).isEqualTo("1");
  }

  @Test
  void starvedRunnersGetTheNiceShareUntilTheyNoLongerStarveAndTheHoldIsOver() throws Exception {
    // another process keeps both cores: the idle runners barely run
    advance(2_000, new long[] {5, 1_990}, new long[] {3, 1_995});
    assertThat(guard.idle()).isFalse();
    assertThat(Files.readString(group.resolve("cpu.idle"))).isEqualTo("0");
    assertThat(Files.readString(group.resolve("cpu.shares"))).isEqualTo("110");

    // still contended, with their share now: still starved by the rule, the share is kept
    advance(20_000, new long[] {1_000, 19_000}, new long[] {1_000, 19_000});
    advance(20_000, new long[] {1_000, 19_000}, new long[] {1_000, 19_000});
    assertThat(guard.idle()).isFalse();

    // the other process ended: no longer starved, the hold (counted from the last starved window) is over
    advance(2_000, new long[] {1_900, 50}, new long[] {1_900, 50});
    assertThat(guard.idle()).isFalse();
    advance(30_000, new long[] {29_000, 500}, new long[] {29_000, 500});
    assertThat(guard.idle()).isTrue();
    assertThat(Files.readString(group.resolve("cpu.idle"))).isEqualTo("1");
  }

  @Test
  void aWaitShorterThanHalfTheWindowIsNotStarvingEvenWithoutRunning() {
    assertThat(StarvationGuard.starved(0, 900 * MS, 2_000 * MS)).isFalse();
    assertThat(StarvationGuard.starved(0, 1_100 * MS, 2_000 * MS)).isTrue();
    assertThat(StarvationGuard.starved(1_200 * MS, 1_100 * MS, 2_000 * MS)).isFalse();
  }

  @Test
  void threadsThatEndOrStartBetweenReadingsCountOnlyTheirOwnTime() throws Exception {
    times.put("101", new long[] {1_000 * MS, 100 * MS});
    times.remove("102");
    Files.writeString(group.resolve("tasks"), "101\n103\n");
    // a new thread 103 whose life so far was 0.5 s of waiting: 0.6 s waited against 1 s run by 101
    times.put("103", new long[] {0, 500 * MS});
    now.addAndGet(2_000 * MS);
    guard.check();
    assertThat(guard.idle()).isTrue();
  }

  /** Advances the clock by {@code ms} and each runner's {run, wait} by the given milliseconds, then checks. */
  private void advance(long ms, long[] first, long[] second) {
    add("101", first);
    add("102", second);
    now.addAndGet(ms * MS);
    guard.check();
  }

  private void add(String tid, long[] deltaMs) {
    long[] before = times.get(tid);
    times.put(tid, new long[] {before[0] + deltaMs[0] * MS, before[1] + deltaMs[1] * MS});
  }
}
