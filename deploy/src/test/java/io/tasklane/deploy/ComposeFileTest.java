package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml validates ({@code docker-compose config}, offline: no engine is reached) and
 * holds what `docker compose up --scale worker=N` needs: workers with nothing fixed per container
 * that advertise their own address, a coordinator under a name every container resolves, the TLS
 * material and token as secrets, workers that wait for a healthy coordinator. Nothing here ran on
 * a container engine.
 */
class ComposeFileTest {

  private static JsonNode services;
  private static JsonNode secrets;

  @BeforeAll
  static void validate() throws Exception {
    String compose = DeployFiles.tool("docker-compose", "apt-get install docker-compose").toString();
    JsonNode config = DeployFiles.documents(DeployFiles.succeed(
        List.of(compose, "--project-directory", ".", "-f", "compose.yaml", "config"), DeployFiles.module())).get(0);
    services = config.path("services");
    secrets = config.path("secrets");
  }

  @Test
  void oneCoordinatorAndWorkers() {
    assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("coordinator", "worker");
    assertThat(services.at("/coordinator/command/0").asText()).isEqualTo("coordinator");
    assertThat(services.at("/worker/command/0").asText()).isEqualTo("worker");
  }

  @Test
  void workersScaleAndAdvertiseTheirOwnContainerAddress() {
    JsonNode worker = services.path("worker");
    for (String fixedPerContainer : List.of("container_name", "hostname", "ports")) {
      assertThat(worker.has(fixedPerContainer)).as("worker has %s: it would not scale", fixedPerContainer).isFalse();
    }
    assertThat(worker.at("/environment/TASKLANE_HOST").isMissingNode())
        .as("no TASKLANE_HOST: the entrypoint sets it to the container's IP").isTrue();
  }

  @Test
  void workersSeedFromTheCoordinatorsServiceNameWhichItAdvertises() {
    String host = services.at("/coordinator/environment/TASKLANE_HOST").asText();
    assertThat(host).as("the coordinator advertises its service name, which Docker's DNS resolves")
        .isEqualTo("coordinator");
    assertThat(services.at("/worker/environment/TASKLANE_SEEDS").asText()).isEqualTo(host + ":17355");
  }

  @Test
  void workersWaitForAHealthyCoordinatorAndBothHaveHealthChecks() {
    assertThat(services.at("/worker/depends_on/coordinator/condition").asText()).isEqualTo("service_healthy");
    for (String service : List.of("coordinator", "worker")) {
      List<String> test = texts(services.at("/" + service + "/healthcheck/test"));
      assertThat(test).as(service).containsExactly("CMD", "/opt/tasklane/entrypoint.sh", "healthcheck", "ready");
    }
    assertThat(services.at("/worker/environment/TASKLANE_HEALTH_PORT").asText()).isEqualTo("8558");
  }

  @Test
  void theTlsMaterialAndTheTokenAreSecretsAndTlsIsOn() {
    List<String> nodeMaterial = List.of("node.p12", "truststore.p12", "store.pass");
    for (String service : List.of("coordinator", "worker")) {
      JsonNode node = services.path(service);
      assertThat(node.at("/environment/TASKLANE_TLS_DIR").asText()).isEqualTo("/run/secrets");
      assertThat(node.path("secrets").findValuesAsText("source")).as(service).containsAll(nodeMaterial);
    }
    assertThat(services.at("/coordinator/secrets").findValuesAsText("source")).contains("token");
    assertThat(texts(services.at("/coordinator/command"))).containsSequence("--token-file", "/run/secrets/token");
    assertThat(services.at("/worker/secrets").findValuesAsText("source")).doesNotContain("token");
    assertThat(secrets.fieldNames()).toIterable().containsExactlyInAnyOrder("node.p12", "truststore.p12",
        "store.pass", "token");
  }

  @Test
  void theCoordinatorKeepsItsJournalInAVolumeAndPublishesOnlyTheApi() {
    // docker-compose 1.x prints volumes as "source:target:mode", Compose 2 as objects.
    List<String> volumes = new ArrayList<>();
    services.at("/coordinator/volumes").forEach(volume -> volumes.add(volume.isTextual()
        ? volume.asText() : volume.path("source").asText() + ":" + volume.path("target").asText()));
    assertThat(volumes).anySatisfy(volume -> assertThat(volume).startsWith("coordinator-data:/var/lib/tasklane"));
    assertThat(services.at("/coordinator/ports").findValuesAsText("target")).containsExactly("8080");
  }

  @Test
  void aWorkerHasTimeToDrainBeforeItIsKilled() {
    Duration grace = Duration.parse("PT" + services.at("/worker/stop_grace_period").asText().toUpperCase());
    assertThat(grace).isGreaterThan(DeployFiles.workerShutdownPhase());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
