package io.tasklane.client.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What {@code local up} writes to {@code <state>/cluster.json}: the API's address and the
 * nodes it started.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(String server, List<Node> nodes) {

  public ClusterState {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }

  /**
   * One node process.
   *
   * @param role {@code coordinator} or {@code worker}
   * @param port its cluster (Artery) port, 0 when not known
   * @param log the file its stdout and stderr go to
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Node(String role, long pid, String host, int port, String log) {

    public Node withPort(int known) {
      return new Node(role, pid, host, known, log);
    }
  }
}
