package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.state.StateDir;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLauncherTest {

  final StateDir state = new StateDir(Path.of("/tmp/state"));
  static final List<String> UNSAFE = Runtime.version().feature() >= 23
      ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();

  final NodeLauncher launcher = new NodeLauncher(state, "/jdk/bin/java", "/opt/tasklane.jar", List.of("-Dx=1"));

  @Test
  void launchesTheCoordinatorWithItsPortsTokenAndDataItselfFirstAmongTheSeeds() {
    assertThat(launcher.coordinatorCommand(17400, 18080, List.of(17401, 17402))).containsExactlyElementsOf(concat(
        List.of("/jdk/bin/java", "-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"), UNSAFE, List.of("-Dx=1", "-cp", "/opt/tasklane.jar",
        "io.tasklane.TasklaneMain", "coordinator", "--host", "127.0.0.1", "--port", "17400",
        "--seeds", "127.0.0.1:17400,127.0.0.1:17401,127.0.0.1:17402",
        "--http-port", "18080", "--token-file", "/tmp/state/token", "--data-dir", "/tmp/state/data")));
  }

  @Test
  void launchesWorkersOnTheirPortWithTheCoordinatorFirstAmongTheSeedsAllowingExec() {
    assertThat(launcher.workerCommand(17401, 17400, List.of(17401, 17402))).containsExactlyElementsOf(concat(
        List.of("/jdk/bin/java", "-Xmx512m", "-XX:+UseG1GC"), UNSAFE, List.of("-Dx=1", "-cp", "/opt/tasklane.jar",
        "io.tasklane.TasklaneMain", "worker", "--host", "127.0.0.1", "--port", "17401",
        "--seeds", "127.0.0.1:17400,127.0.0.1:17401,127.0.0.1:17402", "--allow-exec=all")));
  }

  @Test
  void roleOptionsGoToThatRoleOnlyAfterTheOnesForEveryNode() {
    NodeLauncher withRoles = new NodeLauncher(state, "/jdk/bin/java", "/opt/tasklane.jar", List.of("-Dx=1"),
        java.util.Map.of("coordinator", List.of("-XX:TieredStopAtLevel=1"), "worker", List.of("-Xmx2g")),
        java.util.Optional.empty());
    assertThat(withRoles.coordinatorCommand(17400, 18080, List.of(17401)))
        .containsSubsequence("-Dx=1", "-XX:TieredStopAtLevel=1", "-cp").doesNotContain("-Xmx2g");
    assertThat(withRoles.workerCommand(17401, 17400, List.of(17401)))
        .containsSubsequence("-Xmx512m", "-Dx=1", "-Xmx2g", "-cp").doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
