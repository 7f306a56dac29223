package io.tasklane.coordinator.http;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.cluster.Member;

/** {@code GET /api/cluster}: the nodes, every worker lane's capacity and load, and what is queued. */
record ClusterBody(List<Node> nodes, List<LaneLoad> lanes, Map<String, Long> queued, int jobsWithWork) {

  /**
   * A cluster member: {@code host:port}, its roles (but the data centre's), its status, and
   * whether this node's failure detector reaches it (a killed node is unreachable until downed).
   */
  record Node(String address, List<String> roles, String status, boolean reachable) {}

  record LaneLoad(String worker, String lane, int capacity, int credit, int busy) {}

  static ClusterBody of(Iterable<Member> members, BrokerProtocol.Lanes view) {
    return of(members, Set.of(), view);
  }

  static ClusterBody of(Iterable<Member> members, Set<Member> unreachable, BrokerProtocol.Lanes view) {
    List<Node> nodes = new ArrayList<>();
    for (Member member : members) {
      nodes.add(new Node(
          member.address().getHost().orElse("") + ":" + member.address().getPort().orElse(0),
          member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().toList(),
          member.status().toString().toLowerCase(Locale.ROOT),
          !unreachable.contains(member)));
    }
    List<LaneLoad> lanes = view.lanes().stream()
        .map(lane -> new LaneLoad(lane.worker(), lane.lane().wireName(), lane.capacity(), lane.credit(), lane.busy()))
        .toList();
    Map<String, Long> queued = new LinkedHashMap<>();
    for (Lane lane : Lane.values()) {
      queued.put(lane.wireName(), view.queued().getOrDefault(lane, 0L));
    }
    return new ClusterBody(nodes, lanes, queued, view.queuedJobs());
  }
}
