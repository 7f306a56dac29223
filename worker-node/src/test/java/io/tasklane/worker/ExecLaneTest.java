package io.tasklane.worker;

import static io.tasklane.worker.LaneHarness.task;
import static io.tasklane.worker.task.ProcessTrees.awaitTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import io.tasklane.worker.cpu.CpuLane;
import io.tasklane.worker.io.IoLane;
import io.tasklane.worker.settings.ExecAllow;
import io.tasklane.worker.task.ExecHandler;
import io.tasklane.worker.task.HandlerRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code exec} in the lanes: timeouts and cancels end the process tree, the CPU lane's priority. */
@ExtendWith(LogCapturingExtension.class)
class ExecLaneTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LaneHarness harness;

  @AfterEach
  void shutDown() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(Lane lane) {
    harness = new LaneHarness("""
        tasklane.worker.cpu.runners = 1
        tasklane.worker.exec.allow = all
        tasklane.worker.exec.kill-grace = 500ms
        """);
    assertThat(harness.settings.exec().allow()).isEqualTo(ExecAllow.ALL);
    HandlerRegistry registry = HandlerRegistry.of(List.of(new ExecHandler(harness.settings.exec(), "w1")));
    if (lane == Lane.CPU) {
      harness.spawn(CpuLane.create(harness.settings, "w1", registry, HTTP), Lane.CPU, 1);
    } else {
      harness.spawn(IoLane.create(harness.settings, "w1", registry, HTTP), Lane.IO, harness.settings.ioMaxInFlight());
    }
  }

  @Test
  void aTimedOutExecKillsTheProcessAndItsChildInTheCpuLane() {
    start(Lane.CPU);
    harness.assign("j1", List.of(task(0, "exec", Lane.CPU, "{\"argv\":[\"sh\",\"-c\",\"sleep 611 & sleep 611\"]}", 1500, 0)));
    List<ProcessHandle> tree = awaitTree("sleep 611", 3);

    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).isEqualTo(TaskStatus.TIMED_OUT);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    harness.expectCreditTotal(1); // the runner is back once the processes are gone
  }

  @Test
  void aCancelledExecKillsTheProcessAndItsChildInTheIoLane() {
    start(Lane.IO);
    harness.assign("j1", List.of(task(0, "exec", Lane.IO, "{\"argv\":[\"sh\",\"-c\",\"sleep 612 & sleep 612\"]}")));
    List<ProcessHandle> tree = awaitTree("sleep 612", 3);

    harness.lane.tell(new LaneProtocol.CancelJob("j1"));
    assertThat(harness.outcomes("j1", 1).get(0).status()).isEqualTo(TaskStatus.CANCELLED);
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aProgramRunInTheCpuLaneHasTheLanesLowerPriority() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) && Files.isReadable(Path.of("/proc/self/stat")),
        "Linux with renice");
    start(Lane.CPU);
    // field 19 of /proc/PID/stat is the nice value; the shell's own name (field 2) has no space;
    // /proc/PID/cgroup has its cpu cgroup
    harness.assign("j1", List.of(task(0, "exec", Lane.CPU,
        "{\"argv\":[\"sh\",\"-c\",\"cut -d' ' -f19 /proc/$$/stat; cat /proc/$$/cgroup\"]}")));
    TaskOutcome outcome = harness.outcomes("j1", 1).get(0);
    assertThat(outcome.status()).as(outcome.error()).isEqualTo(TaskStatus.SUCCEEDED);
    String[] stdout = outcome.output().tree().get("stdout").asText().split("\n", 2);
    if (io.tasklane.worker.cpu.RunnerCgroup.forThisProcess(io.tasklane.worker.settings.CpuPriority.NICE, 10, true).isPresent()) {
      // the runners' cgroup (Linux as root): the program is in it too, as a child of its runner
      assertThat(io.tasklane.worker.cpu.RunnerCgroup.cpuPathOf(stdout[1]))
          .endsWith("/tasklane-cpu-lane-" + ProcessHandle.current().pid() + "-nice-10");
    } else {
      assertThat(stdout[0].trim()).isEqualTo("10");
    }
  }
}
