package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overlays as docs/deploy.md shows them render over deploy/k8s: one with generated Secrets,
 * namespace and image, whose generated names (hash suffix and all) replace every reference, so
 * the base's Secret names and the generator's line up; one with two coordinators on PostgreSQL,
 * whose seeds name both pods in both workloads. The overlays say {@code bases:} and
 * {@code patchesStrategicMerge:} (docs: {@code resources:}, {@code patches:}) so that old kubectl
 * versions (kustomize v2, Debian's) read them too.
 */
class KubernetesOverlayTest {

  private static final String TWO_SEEDS =
      "tasklane-coordinator-0.tasklane-coordinator:17355,tasklane-coordinator-1.tasklane-coordinator:17355";

  private Path overlay;

  @BeforeEach
  void overlayBesideTheBase() throws Exception {
    // Under target/: the base is then a relative path from the overlay, as kustomize wants.
    overlay = Files.createTempDirectory(Files.createDirectories(DeployFiles.module().resolve("target")), "k8s-overlay-");
  }

  @AfterEach
  void removeTheOverlay() throws Exception {
    try (var files = Files.walk(overlay)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void generatedSecretsReplaceEveryReferenceAndTheImageAndNamespaceApplyEverywhere() throws Exception {
    Manifests rendered = render("""
        namespace: jobs
        secretGenerator:
          - name: tasklane-tls
            files: [tls/node.p12, tls/truststore.p12, tls/store.pass, tls/ca.pem]
          - name: tasklane-token
            files: [token]
        images:
          - name: tasklane
            newName: registry.example.org/tasklane
            newTag: "1.0"
        """, Map.of("tls/node.p12", "key", "tls/truststore.p12", "trust", "tls/store.pass", "pass",
        "tls/ca.pem", "ca", "token", "token"));

    List<String> secrets = rendered.ofKind("Secret").stream().map(Manifests::name).toList();
    assertThat(secrets).hasSize(2).allSatisfy(name -> assertThat(name).matches("tasklane-(tls|token)-[a-z0-9]+"));
    JsonNode tls = rendered.ofKind("Secret").stream().filter(s -> Manifests.name(s).startsWith("tasklane-tls-"))
        .findFirst().orElseThrow();
    assertThat(tls.path("data").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("node.p12", "truststore.p12", "store.pass", "ca.pem");

    List<String> references = new ArrayList<>();
    for (JsonNode workload : List.of(rendered.one("StatefulSet"), rendered.one("Deployment"))) {
      workload.at("/spec/template/spec/volumes").findValuesAsText("secretName").forEach(references::add);
      assertThat(Manifests.container(workload).path("image").asText()).isEqualTo("registry.example.org/tasklane:1.0");
    }
    assertThat(references).hasSize(3).allSatisfy(reference -> assertThat(secrets).contains(reference));
    assertThat(rendered.resources()).allSatisfy(resource ->
        assertThat(resource.at("/metadata/namespace").asText()).as(Manifests.name(resource)).isEqualTo("jobs"));
  }

  @Test
  void twoCoordinatorsOnPostgresqlAreBothSeedsOfEveryNodeAndKeepTheBaseSettings() throws Exception {
    Manifests rendered = render("""
        patchesStrategicMerge:
          - coordinators.yaml
          - workers.yaml
        """, Map.of("coordinators.yaml", """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: tasklane-coordinator
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: coordinator
                  env:
                    - name: TASKLANE_SEEDS
                      value: "%s"
                    - name: TASKLANE_JDBC_URL
                      value: "jdbc:postgresql://postgres:5432/tasklane"
                    - name: TASKLANE_JDBC_USER
                      valueFrom: {secretKeyRef: {name: tasklane-jdbc, key: user}}
                    - name: TASKLANE_JDBC_PASSWORD
                      valueFrom: {secretKeyRef: {name: tasklane-jdbc, key: password}}
        """.formatted(TWO_SEEDS), "workers.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: tasklane-worker
        spec:
          template:
            spec:
              containers:
                - name: worker
                  env:
                    - name: TASKLANE_SEEDS
                      value: "%s"
        """.formatted(TWO_SEEDS)));

    JsonNode coordinators = rendered.one("StatefulSet");
    assertThat(coordinators.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode coordinator = Manifests.container(coordinators);
    List<String> expected = List.of(Manifests.name(coordinators) + "-0." + coordinators.at("/spec/serviceName").asText()
        + ":17355", Manifests.name(coordinators) + "-1." + coordinators.at("/spec/serviceName").asText() + ":17355");
    assertThat(List.of(Manifests.envValue(coordinator, "TASKLANE_SEEDS").split(","))).isEqualTo(expected);
    assertThat(Manifests.envValue(Manifests.container(rendered.one("Deployment")), "TASKLANE_SEEDS"))
        .isEqualTo(String.join(",", expected));
    assertThat(Manifests.envValue(coordinator, "TASKLANE_JDBC_URL")).startsWith("jdbc:postgresql:");
    assertThat(Manifests.env(coordinator, "TASKLANE_JDBC_PASSWORD").orElseThrow()
        .at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("tasklane-jdbc");
    assertThat(Manifests.envValue(coordinator, "TASKLANE_HOST")).as("merged by name: the rest stays")
        .isEqualTo("$(POD_NAME).tasklane-coordinator");
    assertThat(Manifests.env(Manifests.container(rendered.one("Deployment")), "TASKLANE_HOST")).isPresent();
  }

  private Manifests render(String kustomization, Map<String, String> files) throws Exception {
    Path kubectl = DeployFiles.tool("kubectl", "apt-get install kubernetes-client");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = overlay.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        bases:
          - ../../k8s
        """ + kustomization, StandardCharsets.UTF_8);
    return new Manifests(DeployFiles.documents(DeployFiles.succeed(List.of(kubectl.toString(), "kustomize", "."), overlay)));
  }
}
