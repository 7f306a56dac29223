package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes' AOT cache across two local clusters: the first (no cache for this jar and JDK yet)
 * records one per role and writes it as it stops; the second starts every node from it and
 * still runs jobs right, compiling the cache's trained methods early where the JVM can. On a
 * JDK before 25 no node gets an AOT option at all.
 */
class AotCacheIT {

  @TempDir Path work;
  @TempDir Path cacheRoot;

  @Test
  void theFirstClusterRecordsTheCacheAndTheNextStartsFromIt() throws Exception {
    Map<String, String> env = Map.of("TASKLANE_AOT_DIR", cacheRoot.toString(), "TASKLANE_AOT", "on", "TASKLANE_AOT_EAGER", "on");
    boolean supported = Runtime.version().feature() >= 25; // the nodes run this JVM's java
    LocalCluster first = LocalCluster.up(work, 1, env);
    try {
      for (LocalCluster.Node node : first.nodes()) {
        List<String> aot = aotOptions(node);
        if (!supported) {
          assertThat(aot).as("%s on JDK %s", node, Runtime.version()).isEmpty();
        } else {
          assertThat(aot).as("%s", node).first().asString()
              .startsWith("-XX:AOTCacheOutput=").endsWith(node.role() + "-%p.aot");
        }
      }
      runsAJob(first, "recording");
      // the nodes write their recordings as they stop: give them the time it takes on a busy machine
      Tasklane.Result down = first.tasklane(150, "local", "down", "--grace", "120");
      assertThat(down.stdout()).as(down.stderr()).doesNotContain("killed");
    } finally {
      first.close();
    }
    if (!supported) {
      return;
    }
    Path dir = onlyDirectory(cacheRoot);
    assertThat(dir.resolve("tasklane.jar")).isRegularFile();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("each node wrote its recording as it stopped")
          .anyMatch(name -> name.matches("coordinator-pid\\d+\\.aot"))
          .anyMatch(name -> name.matches("worker-pid\\d+\\.aot"));
    }

    Path second = Files.createDirectories(work.resolve("second"));
    try (LocalCluster warm = LocalCluster.up(second, 1, env)) {
      for (LocalCluster.Node node : warm.nodes()) {
        assertThat(aotOptions(node)).as("%s", node)
            .containsExactly("-XX:AOTCache=" + dir.resolve(node.role() + ".aot"));
        assertThat(Processes.commandLine(node.pid())).contains(dir.resolve("tasklane.jar").toString());
        // the JVM was asked once whether it compiles a cache's trained methods early (JDK 25 does)
        boolean eager = Boolean.parseBoolean(Files.readString(dir.resolve("eager-compile")).strip());
        if (Runtime.version().feature() == 25) {
          assertThat(eager).as("JDK 25 has -XX:+AOTCompileEagerly").isTrue();
        }
        if (eager) {
          assertThat(Processes.commandLine(node.pid())).as("%s", node)
              .contains("-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly");
        } else {
          assertThat(Processes.commandLine(node.pid())).as("%s", node).doesNotContain("-XX:+AOTCompileEagerly");
        }
      }
      runsAJob(warm, "warm");
      assertThat(Processes.tail(second.resolve(".tasklane/logs/coordinator.log"), 20_000))
          .as("the JVM took the cache without complaint").doesNotContainIgnoringCase("AOT cache");
    }
    assertThat(dir.resolve("coordinator.aot")).isRegularFile();
    assertThat(dir.resolve("worker.aot")).isRegularFile();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("recordings adopted or dropped").noneMatch(name -> name.contains("-pid"));
    }
  }

  private static void runsAJob(LocalCluster cluster, String name) throws Exception {
    String id = cluster.api().submit("""
        {"name": "%s", "tasks": [
          {"id": "e", "type": "noop", "repeat": 200, "input": {"i": "${i}"}},
          {"id": "h", "type": "sha256", "input": {"iterations": 100000}}]}""".formatted(name));
    JsonNode status = cluster.api().awaitEnded(id, Duration.ofSeconds(60));
    assertThat(status.get("state").asText()).as("%s", status).isEqualTo("succeeded");
    Map<String, JsonNode> results = cluster.api().resultsById(id, 201);
    assertThat(results.get("e-199").get("output").get("i").asText()).isEqualTo("199");
    assertThat(results.get("h").get("output").get("hex").asText())
        .isEqualTo("b422bc9c0646a432433c2410991c95e2d89758e3b4f540aca863389f28a11379");
  }

  private static List<String> aotOptions(LocalCluster.Node node) throws Exception {
    return Processes.commandLine(node.pid()).stream().filter(arg -> arg.startsWith("-XX:AOT")).toList();
  }

  private static Path onlyDirectory(Path root) throws Exception {
    try (Stream<Path> dirs = Files.list(root)) {
      List<Path> all = dirs.filter(Files::isDirectory).toList();
      assertThat(all).as("one cache directory for this jar and JDK").hasSize(1);
      return all.get(0);
    }
  }
}
