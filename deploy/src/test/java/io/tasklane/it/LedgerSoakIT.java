package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak that fits CI: for {@code tasklane.it.soak-seconds} (default 25, the first kill 10-20 s
 * in; {@code scripts/soak.sh --ledger MINUTES} runs it longer) a stream of ledger jobs while
 * random workers are killed (kill -9) and replaced; then every job is checked with
 * {@link DeliveryCheck} (the ledger, the journal as stored and the API agree; nothing ran twice
 * on a worker that was not killed).
 */
class LedgerSoakIT {

  private static final int IO = 40;
  private static final int CPU = 4;
  private static final int MAX_RUNNING = 3;

  @TempDir Path work;
  private final Steps steps = new Steps("LedgerSoakIT");

  @Test
  void randomWorkerKillsUnderAStreamOfJobsLoseAndDuplicateNothing() throws Exception {
    long seconds = Long.getLong("tasklane.it.soak-seconds", 25);
    long seed = Long.getLong("tasklane.it.soak-seed", System.nanoTime());
    Random random = new Random(seed);
    steps.log("soak for %d s, seed %d (-Dtasklane.it.soak-seed=%d repeats the choices)", seconds, seed, seed);
    try (LedgerCluster cluster = LedgerCluster.up(work, 3)) {
      List<String> jobs = new ArrayList<>();
      int kills = 0;
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long nextKill = System.nanoTime() + Duration.ofSeconds(10 + random.nextInt(10)).toNanos();
      while (System.nanoTime() < end) {
        jobs.add(cluster.api().submit(DeliveryCheck.spec(cluster.ledger(), "soak-" + jobs.size(), IO, CPU,
            300 + random.nextInt(1700))));
        if (System.nanoTime() >= nextKill) {
          List<Long> live = new ArrayList<>(cluster.liveWorkers());
          long victim = live.get(random.nextInt(live.size()));
          cluster.killAndReplace(victim);
          kills++;
          steps.log("kill #%d: worker %s (-9), replaced; %d jobs so far", kills, victim, jobs.size());
          nextKill = System.nanoTime() + Duration.ofSeconds(10 + random.nextInt(15)).toNanos();
        }
        // a stream, not a flood: the next job once at most MAX_RUNNING of them are still running
        List<String> recent = jobs.subList(Math.max(0, jobs.size() - 2 * MAX_RUNNING), jobs.size());
        org.awaitility.Awaitility.await("at most " + MAX_RUNNING + " jobs running").atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> recent.stream().filter(job -> running(cluster, job)).count() <= MAX_RUNNING);
      }
      steps.log("soak over: %d jobs, %d workers killed; checking every job", jobs.size(), kills);
      assertThat(kills).as("workers killed").isPositive();
      int twice = 0;
      for (String job : jobs) {
        cluster.awaitAndCheck(job, IO, CPU, Duration.ofSeconds(180), true);
        twice += cluster.ranTwice(job).size();
      }
      steps.log("every job delivered; %d tasks ran again after a kill", twice);
    }
  }

  /** True while {@code job} runs (also when the coordinator does not answer right now). */
  private static boolean running(LedgerCluster cluster, String job) {
    try {
      return cluster.api().status(job).get("state").asText().equals("running");
    } catch (Exception | AssertionError unknown) {
      return true;
    }
  }
}
