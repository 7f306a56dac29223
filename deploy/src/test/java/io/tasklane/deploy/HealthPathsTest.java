package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tasklane.coordinator.http.HealthRoutes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every health path the deploy files probe (Kubernetes probes, the compose and image health
 * checks through entrypoint.sh) is one a node serves: asked of the nodes' own health routes on
 * a real cluster member, each answers 200 once the member is Up, and a path the nodes do not
 * serve answers 404, so a typo in a probe would show here.
 */
class HealthPathsTest {

  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  private static final Pattern CHECK = Pattern.compile("\"healthcheck\",\\s*\"(\\w+)\"");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static ActorSystem<Void> system;
  private static String base;

  @BeforeAll
  static void aClusterMemberServingTheHealthRoutes() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.loglevel = WARNING
        """).withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "health-paths", config);
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(HealthRoutes.routes(system))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void everyPathTheDeployFilesProbeIsServed() throws Exception {
    Set<String> probed = probedPaths();
    assertThat(probed).containsExactlyInAnyOrder(LIVE, READY);
    await("the member is Up and every probed path answers 200").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(probed).allSatisfy(path -> assertThat(status(path)).as(path).isEqualTo(200)));
    assertThat(status("/health/alive")).as("a path no node serves").isEqualTo(404);
  }

  /** The paths in the Kubernetes probes and the checks the compose file and image run. */
  private static Set<String> probedPaths() throws Exception {
    Set<String> paths = new TreeSet<>();
    for (String manifest : List.of("k8s/coordinator.yaml", "k8s/worker.yaml")) {
      for (JsonNode resource : DeployFiles.documents(Files.readString(DeployFiles.module().resolve(manifest)))) {
        paths.addAll(resource.findValuesAsText("path"));
      }
    }
    int checks = 0;
    for (String file : List.of("compose.yaml", "Dockerfile")) {
      Matcher check = CHECK.matcher(Files.readString(DeployFiles.module().resolve(file)));
      while (check.find()) {
        paths.add("/health/" + check.group(1));
        checks++;
      }
    }
    assertThat(checks).as("health checks in compose.yaml and the Dockerfile").isEqualTo(3);
    return paths;
  }

  private static int status(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
