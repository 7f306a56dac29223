package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The addresses a node started with {@code --port 0} (and {@code --http-port 0}) listens on, read
 * back from the {@code --ports-file} it writes: {@code {"pid", "cluster", "http"}}.
 */
record BoundPorts(long pid, String cluster, String http) {

  /** How long a node has to bind: a JVM start and, for a coordinator, its journal and HTTP server. */
  static final Duration BIND_WITHIN = Duration.ofSeconds(120);

  /** {@code --ports-file FILE}, for a node's command line. */
  static List<String> option(Path file) {
    return List.of("--ports-file", file.toAbsolutePath().toString());
  }

  /** The cluster port, as a number. */
  int clusterPort() {
    return Integer.parseInt(cluster.substring(cluster.lastIndexOf(':') + 1));
  }

  /**
   * Waits until {@code process} wrote its cluster address to {@code file} (and its HTTP address
   * too when {@code http}); fails at once, with its log, if it exits first.
   */
  static BoundPorts awaitWritten(Path file, Process process, boolean http, Path log) {
    BoundPorts[] bound = new BoundPorts[1];
    Awaitility.await("the ports of pid " + process.pid() + " in " + file).atMost(BIND_WITHIN).pollInterval(Duration.ofMillis(100))
        .failFast("the node exited", () -> assertThat(process.isAlive())
            .as(() -> "pid " + process.pid() + " alive; its log:\n" + Processes.tail(log, 3000)).isTrue())
        .until(() -> {
          bound[0] = read(file);
          return bound[0] != null && bound[0].pid() == process.pid() && bound[0].cluster() != null
              && (!http || bound[0].http() != null);
        });
    return bound[0];
  }

  private static BoundPorts read(Path file) throws Exception {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonNode ports = Api.JSON.readTree(file.toFile()); // written atomically by the node: never half a file
    return new BoundPorts(ports.path("pid").asLong(), text(ports, "cluster"), text(ports, "http"));
  }

  private static String text(JsonNode ports, String field) {
    return ports.hasNonNull(field) ? ports.get(field).asText() : null;
  }
}
