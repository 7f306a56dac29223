package io.tasklane.client.job;

import io.tasklane.client.ApiCommand;
import io.tasklane.client.Exit;
import io.tasklane.client.JobSession;
import io.tasklane.client.api.ApiClient;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Json;
import io.tasklane.client.output.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasklane submit FILE [--wait]}. */
@Command(name = "submit",
    description = "Check a job file here, submit it, and print the job's id.",
    footer = {"%nExamples:",
        "  tasklane submit job.yaml                 # prints the id, e.g. j-3f2a",
        "  tasklane submit job.yaml --wait          # waits and prints a results table",
        "  tasklane submit job.yaml --wait -o json  # JSON lines; the id on stderr",
        Exit.CODES_FOOTER})
public final class SubmitCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The job file (YAML or JSON).")
  Path file;

  @Option(names = "--wait", description = "Wait until the job ended and print its results; "
      + "exit 0 only if every task succeeded.")
  boolean await;

  @Override
  protected void checkArguments() throws ApiException {
    LocalValidation.check(file);
  }

  @Override
  protected int run(ApiClient api, PrintWriter out, PrintWriter err) throws ApiException {
    String jobId = api.submit(file);
    if (await) {
      err.println("job " + jobId + " submitted, waiting for it to end");
      err.flush();
      return new JobSession(api, common.output(), out, err).awaitAndPrint(jobId);
    }
    if (common.output() == OutputFormat.JSON) {
      out.println(Json.MAPPER.createObjectNode().put("id", jobId));
    } else {
      out.println(jobId);
    }
    return Exit.OK;
  }
}
