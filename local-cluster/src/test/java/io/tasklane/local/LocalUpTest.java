package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local up/status/down} with real child JVMs running the test's stand-in
 * {@code io.tasklane.TasklaneMain} (not the real nodes: that is the distribution's test).
 */
class LocalUpTest {

  @TempDir
  Path dir;

  final List<Long> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void startsNodesWaitsForTheClusterAndStopsThem() throws Exception {
    String stateDir = dir.resolve("state").toString();

    Cli.Run up = Cli.run("local", "up", "--workers", "2", "--timeout", "60", "--state-dir", stateDir);
    StateDir state = new StateDir(Path.of(stateDir));
    Optional<ClusterState> cluster = state.readCluster();
    cluster.ifPresent(c -> c.nodes().forEach(node -> started.add(node.pid())));

    assertThat(up.code()).as(up.out() + up.err()).isZero();
    assertThat(cluster).isPresent();
    assertThat(cluster.get().nodes()).extracting(ClusterState.Node::role)
        .containsExactly("coordinator", "worker", "worker");
    assertThat(cluster.get().nodes()).allSatisfy(node -> assertThat(node.port()).isPositive());
    assertThat(cluster.get().server()).startsWith("http://127.0.0.1:");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.tokenFile())))
        .isEqualTo("rw-------");
    assertThat(state.log("worker-2")).content().contains("fake worker up");

    Cli.Run again = Cli.run("local", "up", "--state-dir", stateDir);
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already running");
    assertThat(state.readCluster()).contains(cluster.get());

    Cli.Run status = Cli.run("local", "status", "-o", "json", "--state-dir", stateDir);
    assertThat(status.code()).as(status.err()).isZero();
    JsonNode json = Json.MAPPER.readTree(status.out());
    assertThat(json.path("nodes")).hasSize(3)
        .allSatisfy(node -> assertThat(node.path("state").asText()).isEqualTo("running"));

    Cli.Run clusterCall = Cli.run("status", "j-1", "--state-dir", stateDir);
    assertThat(clusterCall.err()).doesNotContain("no local cluster");

    Cli.Run down = Cli.run("local", "down", "--state-dir", stateDir);
    assertThat(down.code()).isZero();
    assertThat(down.out()).contains("stopped 3 node(s)");
    assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    assertThat(state.clusterFile()).doesNotExist();
    assertThat(state.log("coordinator")).exists();
  }

  @Test
  void startsAgainOnOtherPortsWhenAPickedPortWasTakenMeanwhile() throws Exception {
    Path stateDir = dir.resolve("state");
    Files.createDirectories(stateDir);
    Path takenOnce = Files.writeString(stateDir.resolve("port-taken-once"), "");

    Cli.Run up = Cli.run("local", "up", "--workers", "1", "--timeout", "60", "--state-dir", stateDir.toString());
    Optional<ClusterState> cluster = new StateDir(stateDir).readCluster();
    cluster.ifPresent(c -> c.nodes().forEach(node -> started.add(node.pid())));

    assertThat(up.code()).as(up.out() + up.err()).isZero();
    assertThat(up.err()).contains("taken meanwhile");
    assertThat(takenOnce).doesNotExist();
    assertThat(cluster.get().nodes()).hasSize(2)
        .allSatisfy(node -> assertThat(ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive)).isPresent());
    assertThat(Cli.run("local", "down", "--state-dir", stateDir.toString()).code()).isZero();
  }
}
