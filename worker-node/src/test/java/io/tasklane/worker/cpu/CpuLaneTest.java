package io.tasklane.worker.cpu;

import static io.tasklane.worker.LaneHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.LaneHarness;
import io.tasklane.worker.TestHandlers;
import io.tasklane.worker.settings.CpuPriority;
import io.tasklane.worker.task.HandlerRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class CpuLaneTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHandlers.Hold hold = new TestHandlers.Hold();
  private final TestHandlers.Spin spin = new TestHandlers.Spin();
  private final TestHandlers.Gate gate = new TestHandlers.Gate();
  private final TestHandlers.Stubborn stubborn = new TestHandlers.Stubborn();
  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    hold.release.countDown();
    stubborn.release.countDown();
    gate.openAll();
    if (harness != null) {
      harness.close();
    }
  }

  private void startLane(int runners) {
    startLane(runners, "");
  }

  private void startLane(int runners, String config) {
    harness = new LaneHarness("tasklane.worker.cpu.runners = " + runners + "\n" + config);
    List<TaskHandler> handlers = new ArrayList<>(HandlerRegistry.builtIns());
    handlers.addAll(List.of(hold, spin, gate, stubborn, new TestHandlers.SchedPolicy()));
    harness.spawn(CpuLane.create(harness.settings, "w1", HandlerRegistry.of(handlers), HTTP), Lane.CPU, runners);
  }

  @Test
  void neverComputesMoreTasksAtOnceThanItHasRunners() {
    startLane(2);
    List<TaskSpec> tasks = IntStream.range(0, 10).mapToObj(i -> task(i, "hold", Lane.CPU, "{\"i\":" + i + "}")).toList();
    harness.assign("j1", tasks.subList(0, 2));
    await().until(() -> hold.concurrency.now() == 2);
    hold.release.countDown();

    int sent = 2;
    int credit = 0;
    Map<Integer, TaskOutcome> outcomes = new HashMap<>();
    while (outcomes.size() < 10) {
      var report = (ResultProtocol.ReportResults) harness.results.receiveMessage(Duration.ofSeconds(30));
      report.outcomes().forEach(o -> outcomes.put(o.index(), o));
      credit += harness.broker.expectMessageClass(BrokerProtocol.OfferCredit.class, Duration.ofSeconds(10)).credit();
      assertThat(credit).isLessThanOrEqualTo(2);
      int batch = Math.min(credit, 10 - sent);
      if (batch > 0) {
        harness.assign("j1", tasks.subList(sent, sent + batch));
        sent += batch;
        credit -= batch;
      }
    }

    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(o.thread()).contains("tasklane.worker.cpu-dispatcher");
    });
    // Concurrency is the invariant (the hand-off pool may use a fresh thread while a finished
    // one is on its way back, so the number of threads seen is not)
    assertThat(hold.concurrency.max()).isEqualTo(2);
    assertThat(hold.threads).isNotEmpty()
        .allSatisfy(name -> assertThat(name).contains("tasklane.worker.cpu-dispatcher"));
  }

  /**
   * Nice 10 by default: a busy CPU lane yields a contended core to a waking I/O thread. Where a
   * cpu cgroup is writable (Linux as root) the runners are in one of their own whose weight is
   * nice 10's; elsewhere each runner thread has nice 10.
   */
  @Test
  void runsItsTasksOnThreadsOfLowerPriorityThanOtherThreads() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) && Files.isReadable(Path.of("/proc/thread-self/stat")),
        "Linux with renice");
    startLane(2);
    JsonNode sched = policyOfARunner();
    assertThat(sched.get("policy").asInt()).isEqualTo(0);
    Optional<RunnerCgroup> cgroup = RunnerCgroup.forThisProcess(CpuPriority.NICE, 10, true);
    if (cgroup.isPresent()) {
      assertThat(sched.get("cpuCgroup").asText()).endsWith("/tasklane-cpu-lane-" + ProcessHandle.current().pid() + "-nice-10");
      assertThat(Files.readString(cgroup.get().dir().resolve("cpu.shares")).trim()).isEqualTo("110");
      assertThat(Files.readString(cgroup.get().dir().resolve("tasks"))).isNotBlank();
    } else {
      assertThat(sched.get("nice").asInt()).isEqualTo(10);
    }
  }

  /**
   * Priority yield: where the runners have a cgroup with cpu.idle, it is idle (a waking thread
   * takes the core at once; StarvationGuard gives it nice 10's share when they starve); elsewhere
   * as nice.
   */
  @Test
  void withYieldItsThreadsGiveTheCoreAtOnceAndKeepTheNiceShareForWhenTheyStarve() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) && Files.isReadable(Path.of("/proc/thread-self/stat")),
        "Linux with renice");
    startLane(2, "tasklane.worker.cpu.priority = yield");
    JsonNode sched = policyOfARunner();
    assertThat(sched.get("policy").asInt()).isEqualTo(0);
    Optional<RunnerCgroup> cgroup = RunnerCgroup.forThisProcess(CpuPriority.YIELD, 10, true);
    if (cgroup.isPresent()) {
      assertThat(sched.get("cpuCgroup").asText()).endsWith("/tasklane-cpu-lane-" + ProcessHandle.current().pid() + "-yield-10");
      assertThat(Files.readString(cgroup.get().dir().resolve("tasks"))).isNotBlank();
      Path idle = cgroup.get().dir().resolve("cpu.idle");
      if (Files.isRegularFile(idle)) {
        // an idle group: the kernel gives it the idle weight (3) until the guard sets nice 10's share
        assertThat(Files.readString(idle).trim()).isEqualTo("1");
        assertThat(Files.readString(cgroup.get().dir().resolve("cpu.shares")).trim()).isEqualTo("3");
      } else {
        assertThat(Files.readString(cgroup.get().dir().resolve("cpu.shares")).trim()).isEqualTo("110");
      }
    } else {
      assertThat(sched.get("nice").asInt()).isEqualTo(10);
    }
  }

  /**
   * Yield's floor, on the real kernel: busy processes of normal priority keep every core; the
   * runners, waiting for a core longer than they run, are starved, and their group gets nice 11's
   * share instead of the idle weight (without the guard the group stays idle: checked by hand), and
   * the task ends within its timeout. Its own group (nice 11) so that its short window and hold are
   * the ones in force.
   */
  @Test
  void withYieldStarvedRunnersGetTheNiceShareAndTheirTaskEnds() throws Exception {
    Path cpuRoot = Path.of("/sys/fs/cgroup/cpu");
    assumeTrue(Files.isRegularFile(cpuRoot.resolve("cpu.idle")) && Files.isWritable(cpuRoot.resolve("tasks"))
        && Files.isReadable(Path.of("/proc/thread-self/schedstat")), "a writable cgroup v1 cpu hierarchy with cpu.idle");
    startLane(2, "tasklane.worker.cpu.priority = yield\ntasklane.worker.cpu.nice = 11\n"
        + "tasklane.worker.cpu.starved-window = 200ms\ntasklane.worker.cpu.starved-hold = 2s");
    Path group = RunnerCgroup.forThisProcess(CpuPriority.YIELD, 11, true).orElseThrow().dir();
    assertThat(Files.readString(group.resolve("cpu.idle")).trim()).isEqualTo("1");
    List<Process> hogs = new ArrayList<>();
    try {
      for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
        hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }
      harness.assign("j1", List.of(task(0, "sha256", Lane.CPU, "{\"iterations\":3000000}", 25_000, 0)));
      TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
      assertThat(outcome.status()).as(outcome.error()).isEqualTo(TaskStatus.SUCCEEDED);
      // still held (2 s from the last starved window): the share, not the idle weight
      assertThat(Files.readString(group.resolve("cpu.idle")).trim()).as("cpu.idle of %s", group).isEqualTo("0");
      assertThat(Files.readString(group.resolve("cpu.shares")).trim()).isEqualTo("87");
    } finally {
      hogs.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void runsItsTasksAtSchedIdleWhenAsked() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chrt")) && Files.isReadable(Path.of("/proc/thread-self/stat")),
        "Linux with chrt");
    startLane(2, "tasklane.worker.cpu.priority = idle");
    JsonNode sched = policyOfARunner();
    Optional<RunnerCgroup> cgroup = RunnerCgroup.forThisProcess(CpuPriority.IDLE, 10, true);
    if (cgroup.isPresent()) {
      assertThat(sched.get("cpuCgroup").asText()).endsWith("/tasklane-cpu-lane-" + ProcessHandle.current().pid() + "-idle-10");
      Path idle = cgroup.get().dir().resolve("cpu.idle");
      if (Files.isRegularFile(idle)) {
        assertThat(Files.readString(idle).trim()).isEqualTo("1"); // a SCHED_IDLE group
      }
    } else {
      assertThat(sched.get("policy").asInt()).isEqualTo(5); // SCHED_IDLE
    }
  }

  @Test
  void runsItsTasksOnThreadsOfTheirOwnNiceWhenTheCgroupIsOff() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) && Files.isReadable(Path.of("/proc/thread-self/stat")),
        "Linux with renice");
    startLane(2, "tasklane.worker.cpu.cgroup = off");
    JsonNode sched = policyOfARunner();
    assertThat(sched.get("nice").asInt()).isEqualTo(10);
    assertThat(sched.get("cpuCgroup").asText()).doesNotContain("tasklane-cpu-lane");
  }

  @Test
  void leavesItsThreadsAsAnyOtherWhenTheirPriorityIsNormal() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "Linux");
    startLane(2, "tasklane.worker.cpu.priority = normal");
    JsonNode sched = policyOfARunner();
    JsonNode mine = new TestHandlers.SchedPolicy().compute(null, null);
    assertThat(sched.get("policy").asInt()).isEqualTo(mine.get("policy").asInt());
    assertThat(sched.get("nice").asInt()).as("as this (test) thread: inherited, not changed")
        .isEqualTo(mine.get("nice").asInt());
  }

  private JsonNode policyOfARunner() {
    harness.assign("j1", List.of(task(0, "policy", Lane.CPU, "{}")));
    var report = (ResultProtocol.ReportResults) harness.results.receiveMessage(Duration.ofSeconds(30));
    return report.outcomes().get(0).output().tree();
  }

  @Test
  void queuesTasksBeyondItsRunnersAndStillComputesOnlyTwoAtOnce() {
    startLane(2);
    List<TaskSpec> tasks = IntStream.range(0, 10).mapToObj(i -> task(i, "hold", Lane.CPU, "{}")).toList();
    harness.assign("j1", tasks);

    Map<Integer, TaskOutcome> rejected = harness.outcomes("j1", 6);
    assertThat(rejected.keySet()).containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9);
    assertThat(rejected.values()).allSatisfy(o -> assertThat(o.error()).isEqualTo("lane over capacity"));
    await().until(() -> hold.concurrency.now() == 2);
    hold.release.countDown();

    Map<Integer, TaskOutcome> done = harness.outcomes("j1", 4);
    assertThat(done.values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.SUCCEEDED);
    assertThat(hold.concurrency.max()).isEqualTo(2);
  }

  @Test
  void timedOutComputationGivesItsRunnerBackToTheNextTask() {
    startLane(1);
    harness.assign("j1", List.of(task(0, "spin", Lane.CPU, "{}", 100, 0)));

    TaskOutcome timedOut = harness.outcomes("j1", 1).get(0);
    assertThat(timedOut.status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(timedOut.error()).isEqualTo("timed out after 100ms");
    assertThat(timedOut.attempts()).isEqualTo(1);
    assertThat(spin.stopped.get()).isEqualTo(1);
    harness.expectCredit(1);

    harness.assign("j2", List.of(task(0, "sha256", Lane.CPU, "{\"iterations\":100000}")));
    TaskOutcome next = harness.outcomes("j2", 1).get(0);
    assertThat(next.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(next.output().tree().get("hex").asText())
        .isEqualTo("b422bc9c0646a432433c2410991c95e2d89758e3b4f540aca863389f28a11379");
  }

  @Test
  void retriesATimedOutComputationBeforeGivingUp() {
    startLane(1);
    harness.assign("j1", List.of(task(0, "spin", Lane.CPU, "{}", 50, 2)));

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(spin.started.get()).isEqualTo(3);
    // the outcome is reported at the timeout; the stopped thread leaves the loop just after
    await().untilAsserted(() -> assertThat(spin.stopped.get()).isEqualTo(3));
  }

  @Test
  void cancelsTheRunningAndTheQueuedTasksOfAJob() {
    startLane(1);
    harness.assign("j1", List.of(task(0, "spin", Lane.CPU, "{}"), task(1, "spin", Lane.CPU, "{}")));
    await().until(() -> spin.started.get() == 1);

    harness.lane.tell(new LaneProtocol.CancelJob("j1"));
    Map<Integer, TaskOutcome> outcomes = harness.outcomes("j1", 2);
    assertThat(outcomes.values()).extracting(TaskOutcome::status).containsOnly(TaskStatus.CANCELLED);
    assertThat(outcomes.get(0).attempts()).isEqualTo(1);
    assertThat(outcomes.get(1).attempts()).isZero();
    assertThat(spin.started.get()).isEqualTo(1);
    assertThat(spin.stopped.get()).isEqualTo(1);
    harness.expectCredit(1);
  }

  @Test
  void runsAnIoHandlerMovedToTheCpuLaneAndHoldsTheSlotUntilItsStageCompletes() {
    startLane(1);
    harness.assign("j1", List.of(task(0, "gate", Lane.CPU, "{\"x\":1}")));
    await().until(() -> gate.waiting() == 1);
    harness.broker.expectNoMessage(Duration.ofMillis(100));

    gate.openAll();
    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(outcome.thread()).contains("tasklane.worker.cpu-dispatcher");
    harness.expectCredit(1);
  }

  @Test
  void abandonsTheThreadOfATaskThatIgnoresBeingStoppedAndRunsTheNextTaskOnAFreshThread() {
    startLane(1, "tasklane.worker.cpu.spare-threads = 1\ntasklane.worker.cpu.abandon-after = 200ms");
    harness.assign("j1", List.of(task(0, "stubborn", Lane.CPU, "{}", 100, 0)));

    TaskOutcome timedOut = harness.outcomes("j1", 1).get(0);
    assertThat(timedOut.status()).isEqualTo(TaskStatus.TIMED_OUT);
    assertThat(timedOut.attempts()).isEqualTo(1);
    assertThat(stubborn.threads).hasSize(1);
    String wedged = stubborn.threads.iterator().next();
    assertThat(timedOut.thread()).isEqualTo(wedged);
    assertThat(stubborn.returned.get()).isZero(); // still wedged: the slot came back without it
    harness.expectCredit(1);

    harness.assign("j2", List.of(task(0, "sha256", Lane.CPU, "{\"iterations\":100000}")));
    TaskOutcome next = harness.outcomes("j2", 1).get(0);
    assertThat(next.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(next.thread()).contains("tasklane.worker.cpu-dispatcher").isNotEqualTo(wedged);
    harness.expectCredit(1);

    stubborn.release.countDown();
    await().until(() -> stubborn.returned.get() == 1);
    harness.results.expectNoMessage(Duration.ofMillis(200)); // its late result is not reported
    harness.broker.expectNoMessage(Duration.ofMillis(50)); // nor is its slot offered twice
  }

  @Test
  void runsFewerTasksWhileMoreThreadsAreAbandonedThanThereAreSpareOnes() {
    startLane(1, "tasklane.worker.cpu.spare-threads = 1\ntasklane.worker.cpu.abandon-after = 100ms");
    harness.assign("j1", List.of(task(0, "stubborn", Lane.CPU, "{}", 50, 0)));
    assertThat(harness.outcomes("j1", 1).get(0).status()).isEqualTo(TaskStatus.TIMED_OUT);
    harness.expectCredit(1); // one abandoned thread: the spare one replaces it

    harness.assign("j2", List.of(task(0, "stubborn", Lane.CPU, "{}", 50, 0)));
    assertThat(harness.outcomes("j2", 1).get(0).status()).isEqualTo(TaskStatus.TIMED_OUT);
    harness.broker.expectNoMessage(Duration.ofMillis(300)); // two abandoned, one spare: no runner left
    assertThat(stubborn.threads).hasSize(2);

    stubborn.release.countDown();
    harness.expectCredit(1); // a thread came back: so did the runner
    harness.assign("j3", List.of(task(0, "sha256", Lane.CPU, "{\"iterations\":10}")));
    assertThat(harness.outcomes("j3", 1).get(0).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }
}
