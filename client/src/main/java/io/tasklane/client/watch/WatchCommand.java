package io.tasklane.client.watch;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane watch JOB}. */
@Command(name = "watch",
    description = {"Show a job's live progress per lane (io, cpu) until it ends: done/total, rate, ETA, "
        + "failures so far; then the counts per lane and status.",
        "Follows the coordinator's push stream (GET /api/jobs/{id}/events); reconnects if it breaks. "
        + "On a console the bars are redrawn in place; otherwise one line per second at most; "
        + "with -o json one JSON object per event (the job's status plus \"event\": status|end)."},
    footer = {"%nExamples:",
        "  tasklane watch j-3f2a",
        "  tasklane watch j-3f2a --no-color",
        "  tasklane watch j-3f2a -o json | jq -c '{event, state}'",
        "%nExits 0 when the job succeeded, 1 when it ended otherwise, 3 when the stream could not be "
        + "(re)opened.",
        Exit.CODES_FOOTER})
public final class WatchCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
  String jobId;

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    return Watch.run(tasklane, jobId, Watch.Mode.of(common.output()), common.colors(), out, err);
  }
}
