package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An installation's overlay as docs/deploy.md shows it (namespace, image, Secrets from a
 * secretGenerator) renders over deploy/k8s, and the generated Secrets' names, hash suffix and
 * all, replace every reference to them: the base's Secret names and the generator's line up.
 */
class KubernetesOverlayTest {

  private Path overlay;

  @BeforeEach
  void overlayBesideTheBase() throws Exception {
    // Under target/, so that the base is a relative path below the overlay's root's parent, as kustomize wants.
    Path target = Files.createDirectories(DeployFiles.module().resolve("target"));
    overlay = Files.createTempDirectory(target, "k8s-overlay-");
    Files.createDirectories(overlay.resolve("tls"));
    for (String file : List.of("tls/node.p12", "tls/truststore.p12", "tls/store.pass", "token")) {
      Files.writeString(overlay.resolve(file), "stand-in for " + file + "\n", StandardCharsets.UTF_8);
    }
    // bases: rather than resources: so that old kubectl versions (kustomize v2, Debian's) read it too.
    Files.writeString(overlay.resolve("kustomization.yaml"), """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: jobs
        bases:
          - ../../k8s
        secretGenerator:
          - name: tasklane-tls
            files: [tls/node.p12, tls/truststore.p12, tls/store.pass]
          - name: tasklane-token
            files: [token]
        images:
          - name: tasklane
            newName: registry.example.org/tasklane
            newTag: "1.0"
        """, StandardCharsets.UTF_8);
  }

  @AfterEach
  void removeTheOverlay() throws Exception {
    try (var files = Files.walk(overlay)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void generatedSecretsReplaceEveryReferenceAndTheImageAndNamespaceApplyEverywhere() throws Exception {
    Path kubectl = DeployFiles.tool("kubectl", "apt-get install kubernetes-client");
    Manifests rendered = new Manifests(DeployFiles.documents(
        DeployFiles.succeed(List.of(kubectl.toString(), "kustomize", "."), overlay)));

    List<String> secrets = rendered.ofKind("Secret").stream().map(Manifests::name).toList();
    assertThat(secrets).hasSize(2).allSatisfy(name -> assertThat(name).matches("tasklane-(tls|token)-[a-z0-9]+"));
    JsonNode tls = rendered.ofKind("Secret").stream().filter(s -> Manifests.name(s).startsWith("tasklane-tls-"))
        .findFirst().orElseThrow();
    assertThat(tls.path("data").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("node.p12", "truststore.p12", "store.pass");

    List<String> references = new ArrayList<>();
    for (JsonNode workload : List.of(rendered.one("StatefulSet"), rendered.one("Deployment"))) {
      workload.at("/spec/template/spec/volumes").findValuesAsText("secretName").forEach(references::add);
      assertThat(Manifests.container(workload).path("image").asText()).isEqualTo("registry.example.org/tasklane:1.0");
    }
    assertThat(references).hasSize(3).allSatisfy(reference -> assertThat(secrets).contains(reference));
    assertThat(rendered.resources()).allSatisfy(resource ->
        assertThat(resource.at("/metadata/namespace").asText()).as(Manifests.name(resource)).isEqualTo("jobs"));
  }
}
