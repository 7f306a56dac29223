package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading rendered Kubernetes manifests: find a resource, a container's env and ports. */
record Manifests(List<JsonNode> resources) {

  List<JsonNode> ofKind(String kind) {
    return resources.stream().filter(resource -> kind.equals(resource.path("kind").asText())).toList();
  }

  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    assertThat(found).as("one %s", kind).hasSize(1);
    return found.get(0);
  }

  JsonNode named(String kind, String name) {
    return ofKind(kind).stream().filter(resource -> name.equals(resource.at("/metadata/name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + resources));
  }

  /** The only container of a workload's pod template. */
  static JsonNode container(JsonNode workload) {
    JsonNode containers = workload.at("/spec/template/spec/containers");
    assertThat(containers).as("%s's containers", name(workload)).hasSize(1);
    return containers.get(0);
  }

  static String name(JsonNode resource) {
    return resource.at("/metadata/name").asText();
  }

  /** A container's env entry by name (its value or valueFrom). */
  static Optional<JsonNode> env(JsonNode container, String name) {
    for (JsonNode entry : container.path("env")) {
      if (name.equals(entry.path("name").asText())) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  static String envValue(JsonNode container, String name) {
    JsonNode entry = env(container, name).orElseThrow(() -> new AssertionError("no env " + name + " in " + container));
    assertThat(entry.has("value")).as("%s has a literal value: %s", name, entry).isTrue();
    return entry.get("value").asText();
  }

  /** The number of a container port by its name. */
  static int port(JsonNode container, String portName) {
    for (JsonNode port : container.path("ports")) {
      if (portName.equals(port.path("name").asText())) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no port named " + portName + " in " + container.path("ports"));
  }

  /** Whether every label of {@code selector} is on {@code labels}. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
      return false;
    }
    List<Map.Entry<String, JsonNode>> wanted = new ArrayList<>();
    selector.fields().forEachRemaining(wanted::add);
    return wanted.stream().allMatch(label -> label.getValue().asText().equals(labels.path(label.getKey()).asText()));
  }

  /** The mount path of the volume backed by the Secret {@code secretName}, in a workload's container. */
  static String secretMountPath(JsonNode workload, String secretName) {
    String volume = null;
    for (JsonNode candidate : workload.at("/spec/template/spec/volumes")) {
      if (secretName.equals(candidate.at("/secret/secretName").asText())) {
        volume = candidate.path("name").asText();
      }
    }
    assertThat(volume).as("%s mounts the Secret %s", name(workload), secretName).isNotNull();
    for (JsonNode mount : container(workload).path("volumeMounts")) {
      if (volume.equals(mount.path("name").asText())) {
        assertThat(mount.path("readOnly").asBoolean()).as("%s read-only", mount).isTrue();
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError(name(workload) + " does not mount its volume " + volume);
  }
}
