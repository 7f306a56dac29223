package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.ApiCommand;
import io.tasklane.client.Exit;
import io.tasklane.client.JobSession;
import io.tasklane.client.api.ApiClient;
import io.tasklane.client.api.ApiException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane results JOB}. */
@Command(name = "results",
    description = "Print a job's results as they stream in: a table, or JSON lines with -o json.",
    footer = {"%nExamples:",
        "  tasklane results j-3f2a",
        "  tasklane results j-3f2a -o json | jq -r 'select(.status != \"succeeded\") | .id'",
        "%nExits 1 while the job is still running or when any task did not succeed.",
        Exit.CODES_FOOTER})
public final class ResultsCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's id.")
  String jobId;

  @Override
  protected int run(ApiClient api, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode status = api.status(jobId);
    return new JobSession(api, common.output(), out, err).printResults(jobId, status);
  }
}
