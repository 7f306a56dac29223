package io.tasklane.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Reads {@code GET /api/cluster}: is the coordinator up with enough workers, each with both lanes? */
final class ClusterReadiness {

  static final Set<String> LANES = Set.of("io", "cpu");

  private ClusterReadiness() {
  }

  static boolean ready(JsonNode cluster, int workers) {
    boolean coordinatorUp = false;
    for (JsonNode node : cluster.path("nodes")) {
      coordinatorUp |= up(node) && hasRole(node, "coordinator");
    }
    Set<String> addresses = workerAddresses(cluster);
    if (!coordinatorUp || addresses.size() < workers) {
      return false;
    }
    for (String address : addresses) {
      Set<String> lanes = new HashSet<>();
      for (JsonNode lane : cluster.path("lanes")) {
        if (address.equals(lane.path("worker").asText())) {
          lanes.add(lane.path("lane").asText().toLowerCase(Locale.ROOT));
        }
      }
      if (!lanes.containsAll(LANES)) {
        return false;
      }
    }
    return true;
  }

  /** The {@code host:port} of every worker node that is up. */
  static Set<String> workerAddresses(JsonNode cluster) {
    Set<String> addresses = new LinkedHashSet<>();
    for (JsonNode node : cluster.path("nodes")) {
      if (up(node) && hasRole(node, "worker")) {
        addresses.add(node.path("address").asText());
      }
    }
    return addresses;
  }

  private static boolean up(JsonNode node) {
    return "up".equalsIgnoreCase(node.path("status").asText());
  }

  private static boolean hasRole(JsonNode node, String role) {
    for (JsonNode each : node.path("roles")) {
      if (role.equals(each.asText())) {
        return true;
      }
    }
    return false;
  }
}
