package io.tasklane.client.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLauncherTest {

  final StateDir state = new StateDir(Path.of("/tmp/state"));
  final NodeLauncher launcher = new NodeLauncher(state, "/jdk/bin/java", "/opt/tasklane.jar", List.of("-Dx=1"));

  @Test
  void launchesTheCoordinatorWithItsPortsTokenAndData() {
    assertThat(launcher.coordinatorCommand(17400, 18080)).containsExactly(
        "/jdk/bin/java", "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Dx=1", "-cp", "/opt/tasklane.jar",
        "io.tasklane.TasklaneMain", "coordinator", "--host", "127.0.0.1", "--port", "17400",
        "--http-port", "18080", "--token-file", "/tmp/state/token", "--data-dir", "/tmp/state/data");
  }

  @Test
  void launchesWorkersOnAnyPortWithTheCoordinatorAsSeed() {
    assertThat(launcher.workerCommand(17400)).containsExactly(
        "/jdk/bin/java", "-Xmx512m", "-XX:+UseG1GC", "-Dx=1", "-cp", "/opt/tasklane.jar",
        "io.tasklane.TasklaneMain", "worker", "--host", "127.0.0.1", "--port", "0",
        "--seeds", "127.0.0.1:17400");
  }
}
