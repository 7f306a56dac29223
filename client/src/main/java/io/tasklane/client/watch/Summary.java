package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.output.Times;
import io.tasklane.client.output.TextTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;

/** The results summary after a watch: the final state and the counts per lane and status. */
final class Summary {

  private Summary() {
  }

  static void print(JsonNode status, PrintWriter out) {
    out.println();
    out.println("job " + status.path("id").asText("?") + " " + status.path("state").asText("?")
        + " after " + Times.duration(status.path("submittedAt"), status.path("endedAt"), Instant.now())
        + ": " + status.path("total").asText("?") + " tasks");
    TextTable table = new TextTable("LANE", "TOTAL", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");
    for (Map.Entry<String, JsonNode> lane : status.path("lanes").properties()) {
      JsonNode counts = lane.getValue();
      table.row(lane.getKey(), counts.path("total").asLong(0), counts.path("succeeded").asLong(0),
          counts.path("failed").asLong(0), counts.path("timed_out").asLong(0), counts.path("cancelled").asLong(0));
    }
    table.print(out);
    out.flush();
  }
}
