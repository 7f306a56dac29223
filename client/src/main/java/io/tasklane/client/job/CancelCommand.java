package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane cancel JOB}. */
@Command(name = "cancel",
    description = {"Cancel a job: its queued tasks are dropped at once, running ones are stopped; "
        + "they are reported as cancelled.",
        "Cancelling a job that already ended changes nothing and says so."},
    footer = {"%nExamples:",
        "  tasklane cancel j-3f2a            # job j-3f2a cancelled: 9120 tasks cancelled",
        "  tasklane cancel j-3f2a -o json    # the job's status after cancelling",
        "%nExits 0 when the job is cancelled or had already ended; 2 when there is no such job.",
        Exit.CODES_FOOTER})
public final class CancelCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
  String jobId;

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode status = tasklane.attach(jobId).cancelJson();
    if (common.output() == OutputFormat.JSON) {
      out.println(status);
    } else if (status.hasNonNull("message")) {
      out.println(status.path("message").asText());
    } else {
      out.println("job " + status.path("id").asText(jobId) + " cancelled: " + cancelled(status) + " tasks cancelled");
    }
    return Exit.OK;
  }

  /** The tasks cancelled, summed over the lanes (or the top-level count when there are no lanes). */
  static long cancelled(JsonNode status) {
    long sum = 0;
    boolean anyLane = false;
    for (Map.Entry<String, JsonNode> lane : status.path("lanes").properties()) {
      anyLane = true;
      sum += lane.getValue().path("cancelled").asLong(0);
    }
    return anyLane ? sum : status.path("cancelled").asLong(0);
  }
}
