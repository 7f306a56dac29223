package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasklane results JOB}. */
@Command(name = "results",
    description = "Print a job's results as they stream in: a table, or JSON lines with -o json.",
    footer = {"%nExamples:",
        "  tasklane results j-3f2a",
        "  tasklane results j-3f2a --failed --limit 20",
        "  tasklane results j-3f2a -o json | jq -r 'select(.status != \"succeeded\") | .id'",
        "  tasklane results j-3f2a -o json > results.ndjson   # streamed, any size",
        "  tasklane results j-3f2a --follow -o json           # each result as its task ends, until the job ends",
        "%nExits 1 while the job is still running or when any task did not succeed.",
        Exit.CODES_FOOTER})
public final class ResultsCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
  String jobId;

  @Option(names = "--failed", description = "Only the tasks that did not succeed "
      + "(failed, timed_out, cancelled).")
  boolean failedOnly;

  @Option(names = "--limit", paramLabel = "N", description = "At most N results (default: all).")
  long limit;

  @Option(names = {"-f", "--follow"}, description = "Print results as the tasks end (in that order) "
      + "until the job has ended, instead of those ended so far in task order.")
  boolean follow;

  @Override
  protected void checkArguments() throws ApiException {
    if (limit < 0) {
      throw new ApiException(Exit.USAGE, "--limit must not be negative (0: all)");
    }
  }

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode status = tasklane.attach(jobId).statusJson();
    return new JobSession(tasklane, common.output(), out, err).printResults(jobId, status, failedOnly, limit, follow);
  }
}
