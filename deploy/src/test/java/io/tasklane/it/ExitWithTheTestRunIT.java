package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes a test starts end with the test's JVM, even when that JVM is killed with -9 (as CI's
 * timeout does) and the nodes were detached with {@code setsid} ({@code local up}): a stand-in
 * test JVM ({@link StandInParent}) brings a local cluster up the way the tests do, is killed -9,
 * and its nodes exit by themselves ({@code TASKLANE_EXIT_WITH_PID}), while a plain program it
 * started (which watches nothing) stays: killing the parent alone ends nothing.
 */
class ExitWithTheTestRunIT {

  @TempDir Path work;
  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Processes.stop(pids, 10);
  }

  @Test
  void nodesStartedByATestJvmEndWhenItIsKilledWithSigkill() throws Exception {
    Path log = work.resolve("stand-in.log");
    Process parent = Processes.start(List.of(Tasklane.java(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        "-Dtasklane.jar=" + Tasklane.jar(), StandInParent.class.getName(), work.toString()), work, log, Map.of());
    pids.add(parent.pid());
    await("the stand-in brought its local cluster up").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
        .failFast("the stand-in exited", () -> assertThat(parent.isAlive()).as(() -> Processes.tail(log, 4000)).isTrue())
        .until(() -> Processes.tail(log, 4000).lines().anyMatch("up"::equals));
    long control = Processes.tail(log, 4000).lines().filter(line -> line.startsWith("control "))
        .map(line -> Long.parseLong(line.substring("control ".length()))).findFirst().orElseThrow();
    pids.add(control);
    List<Long> nodes = new ArrayList<>();
    for (var node : Api.JSON.readTree(work.resolve(".tasklane/cluster.json").toFile()).get("nodes")) {
      nodes.add(node.get("pid").asLong());
    }
    pids.addAll(nodes);
    assertThat(nodes).hasSize(2).allSatisfy(pid -> assertThat(Processes.alive(pid)).as("node %s up", pid).isTrue());
    assertThat(Processes.commandLine(nodes.get(0))).as("a node of local up").contains("coordinator");

    Processes.kill9(parent.pid());

    // The JDK looks at a process that is not its child at most every 5 s; a node then halts at once.
    await("the nodes exited").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> nodes.stream().noneMatch(Processes::alive));
    for (Path nodeLog : List.of(work.resolve(".tasklane/logs/coordinator.log"), work.resolve(".tasklane/logs/worker-1.log"))) {
      assertThat(Files.readString(nodeLog)).as(nodeLog.toString())
          .contains("tasklane: process " + parent.pid() + " (TASKLANE_EXIT_WITH_PID) ended; exiting");
    }
    assertThat(Processes.alive(control)).as("a program that watches nothing outlives its killed parent").isTrue();
  }
}
