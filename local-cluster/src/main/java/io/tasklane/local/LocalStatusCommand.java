package io.tasklane.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.client.api.Exit;
import io.tasklane.client.api.Json;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import io.tasklane.client.state.ClusterState;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code tasklane local status}. */
@Command(name = "status",
    description = "Show the local cluster's endpoint and whether each node's process is running.",
    footer = {"%nExamples:",
        "  tasklane local status",
        "  tasklane local status -o json | jq '.nodes[] | select(.state != \"running\")'",
        "%nExits 0 when every node runs, 1 when some stopped, 3 when there is no local cluster.",
        Exit.CODES_FOOTER})
final class LocalStatusCommand extends LocalSubcommand {

  static final String RUNNING = "running";
  static final String STOPPED = "stopped";

  @Override
  int run(StateDir state, PrintWriter out, PrintWriter err) throws IOException {
    Optional<ClusterState> cluster = state.readCluster();
    if (cluster.isEmpty()) {
      err.println("no local cluster in " + state.root() + ": run `tasklane local up`");
      return Exit.UNREACHABLE;
    }
    ObjectNode json = describe(cluster.get());
    if (common.output() == OutputFormat.JSON) {
      out.println(json);
    } else {
      out.println("server " + json.path("server").asText());
      TextTable table = new TextTable("ROLE", "PID", "HOST", "PORT", "STATE");
      json.path("nodes").forEach(node -> table.row(node.path("role").asText(),
          node.path("pid").asLong(), node.path("host").asText(), node.path("port").asInt(),
          node.path("state").asText()));
      table.print(out);
    }
    boolean allRunning = true;
    for (var node : json.path("nodes")) {
      allRunning &= RUNNING.equals(node.path("state").asText());
    }
    return allRunning ? Exit.OK : Exit.TASKS_NOT_SUCCEEDED;
  }

  /** {@code {"server", "nodes": [{"role","pid","host","port","state"}]}}. */
  static ObjectNode describe(ClusterState cluster) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("server", cluster.server());
    ArrayNode nodes = json.putArray("nodes");
    for (ClusterState.Node node : cluster.nodes()) {
      nodes.addObject()
          .put("role", node.role())
          .put("pid", node.pid())
          .put("host", node.host())
          .put("port", node.port())
          .put("state", NodeProcesses.alive(node.pid()) ? RUNNING : STOPPED);
    }
    return json;
  }
}
