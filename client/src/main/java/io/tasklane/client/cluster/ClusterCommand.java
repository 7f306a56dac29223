package io.tasklane.client.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code tasklane cluster}. */
@Command(name = "cluster",
    description = {"Show the cluster: its nodes and their roles, every worker lane's capacity, "
        + "tasks in flight and free credit, and the tasks queued per lane.",
        "With -o json: the server's {\"nodes\", \"lanes\", \"queued\"} object as received."},
    footer = {"%nExamples:",
        "  tasklane cluster",
        "  tasklane cluster -o json | jq '.lanes[] | select(.lane == \"cpu\") | .busy'",
        Exit.CODES_FOOTER})
public final class ClusterCommand extends ApiCommand {

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode cluster = tasklane.cluster();
    if (common.output() == OutputFormat.JSON) {
      out.println(cluster);
      return Exit.OK;
    }
    TextTable nodes = new TextTable("NODE", "ROLES", "STATUS");
    for (JsonNode node : cluster.path("nodes")) {
      List<String> roles = new ArrayList<>();
      node.path("roles").forEach(role -> roles.add(role.asText()));
      nodes.row(node.path("address").asText(""), String.join(",", roles), node.path("status").asText(""));
    }
    nodes.print(out);
    out.println();
    TextTable lanes = new TextTable("WORKER", "LANE", "CAPACITY", "IN-FLIGHT", "FREE");
    for (JsonNode lane : cluster.path("lanes")) {
      lanes.row(lane.path("worker").asText(""), lane.path("lane").asText(""), lane.path("capacity").asLong(0),
          lane.path("busy").asLong(0), lane.path("credit").asLong(0));
    }
    lanes.print(out);
    out.println();
    TextTable queued = new TextTable("LANE", "QUEUED");
    for (Map.Entry<String, JsonNode> lane : cluster.path("queued").properties()) {
      queued.row(lane.getKey(), lane.getValue().asLong(0));
    }
    queued.print(out);
    return Exit.OK;
  }
}
