package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import io.tasklane.client.output.Times;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane status JOB}. */
@Command(name = "status",
    description = {"Print a job's state, when it was submitted and ended (local time), how long it "
        + "took, and its task counts per lane and status.",
        "With -o json: the status object exactly as the server sends it (times in epoch millis)."},
    footer = {"%nExamples:",
        "  tasklane status j-3f2a",
        "  tasklane status j-3f2a -o json | jq .state",
        "%nExits 0 whatever the job's state; 2 when there is no such job.",
        Exit.CODES_FOOTER})
public final class StatusCommand extends ApiCommand {

  static final List<String> COUNTS =
      List.of("total", "queued", "running", "succeeded", "failed", "timed_out", "cancelled");

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
  String jobId;

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode status = tasklane.attach(jobId).statusJson();
    if (common.output() == OutputFormat.JSON) {
      out.println(status);
    } else {
      printTable(status, out);
    }
    return Exit.OK;
  }

  static void printTable(JsonNode status, PrintWriter out) {
    String name = status.path("name").asText("");
    out.println("job " + status.path("id").asText("?") + (name.isEmpty() ? "" : " (" + name + ")")
        + ": " + status.path("state").asText("?") + ", " + status.path("total").asText("?") + " tasks");
    ZoneId zone = ZoneId.systemDefault();
    boolean ended = status.hasNonNull("endedAt");
    out.println("submitted " + Times.local(status.path("submittedAt"), zone)
        + (ended ? ", ended " + Times.local(status.path("endedAt"), zone) : "")
        + (ended ? ", took " : ", running for ")
        + Times.duration(status.path("submittedAt"), status.path("endedAt"), Instant.now()));
    TextTable table = new TextTable("LANE", "TOTAL", "QUEUED", "RUNNING", "SUCCEEDED", "FAILED",
        "TIMED_OUT", "CANCELLED");
    for (Map.Entry<String, JsonNode> lane : status.path("lanes").properties()) {
      Object[] row = new Object[COUNTS.size() + 1];
      row[0] = lane.getKey();
      for (int i = 0; i < COUNTS.size(); i++) {
        row[i + 1] = lane.getValue().path(COUNTS.get(i)).asLong(0);
      }
      table.row(row);
    }
    table.print(out);
    // tasks whose type no live worker offers now (its workers left): they run once one joins
    for (JsonNode waiting : status.path("waiting")) {
      out.println("waiting: " + waiting.asText());
    }
  }
}
