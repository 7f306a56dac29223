package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandsTest {

  @TempDir
  Path dir;

  /** A pid that belongs to no process: a finished child's. */
  static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  @Test
  void statusExitsThreeWithoutALocalCluster() {
    Cli.Run run = Cli.run("local", "status", "--state-dir", dir.resolve("none").toString());

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("no local cluster");
  }

  @Test
  void statusShowsStoppedNodesAsJsonAndExitsOne() throws Exception {
    StateDir state = new StateDir(dir);
    long pid = deadPid();
    state.writeCluster(new ClusterState("http://127.0.0.1:9999", List.of(
        new ClusterState.Node("coordinator", pid, "127.0.0.1", 4000, "logs/coordinator.log"))));

    Cli.Run run = Cli.run("local", "status", "-o", "json", "--state-dir", dir.toString());

    assertThat(run.code()).isEqualTo(1);
    JsonNode json = Json.MAPPER.readTree(run.out());
    assertThat(json.path("server").asText()).isEqualTo("http://127.0.0.1:9999");
    JsonNode node = json.path("nodes").get(0);
    assertThat(node.path("role").asText()).isEqualTo("coordinator");
    assertThat(node.path("pid").asLong()).isEqualTo(pid);
    assertThat(node.path("host").asText()).isEqualTo("127.0.0.1");
    assertThat(node.path("port").asInt()).isEqualTo(4000);
    assertThat(node.path("state").asText()).isEqualTo("stopped");
  }

  @Test
  void downWithoutAClusterIsFine() {
    Cli.Run run = Cli.run("local", "down", "--state-dir", dir.resolve("none").toString());

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("nothing to stop");
  }

  @Test
  void downRemovesTheClusterFileButKeepsLogs() throws Exception {
    StateDir state = new StateDir(dir);
    Files.createDirectories(state.logsDir());
    Files.writeString(state.log("coordinator"), "hello");
    state.writeCluster(new ClusterState("http://127.0.0.1:9999", List.of(
        new ClusterState.Node("worker", deadPid(), "127.0.0.1", 0, state.log("coordinator").toString()))));

    Cli.Run run = Cli.run("local", "down", "--state-dir", dir.toString());

    assertThat(run.code()).isZero();
    assertThat(state.clusterFile()).doesNotExist();
    assertThat(state.log("coordinator")).hasContent("hello");
    assertThat(Cli.run("local", "down", "--state-dir", dir.toString()).code()).isZero();
  }

  @Test
  void localWithoutSubcommandIsAUsageError() {
    Cli.Run run = Cli.run("local");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("up").contains("down").contains("status");
  }

  @Test
  void everyCommandsHelpListsTheExitCodes() {
    for (String[] command : List.of(new String[] {"local", "--help"}, new String[] {"local", "up", "-h"},
        new String[] {"local", "down", "--help"}, new String[] {"local", "status", "--help"})) {
      Cli.Run run = Cli.run(command);
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("Examples:").contains("Exit codes:").contains("3  the coordinator");
    }
  }
}
