package io.tasklane.client.job;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.api.Json;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.JobHandle;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.watch.Watch;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tasklane submit FILE [--wait] [--watch] [-q] [--idempotency-key K]}. */
@Command(name = "submit",
    description = {"Check a job file here, submit it with the files its foreach entries name, "
        + "and print the job's id.",
        "Submitting again with the same --idempotency-key (or a job file with the same top-level id) "
        + "returns the existing job instead of starting another."},
    footer = {"%nExamples:",
        "  tasklane submit job.yaml                       # prints the id, e.g. j-3f2a",
        "  tasklane submit job.yaml --wait                # waits and prints a results table",
        "  tasklane submit job.yaml --watch               # live progress bars, then a summary",
        "  tasklane submit job.yaml --wait -o json        # results as JSON lines; the id on stderr",
        "  JOB=$(tasklane submit job.yaml -q)             # only the id, for scripts",
        "  tasklane submit job.yaml --idempotency-key nightly-2026-01-01",
        "%nWith --wait or --watch: exits 0 when every task succeeded, 1 otherwise.",
        "A job id that exists with another spec is exit 2.",
        Exit.CODES_FOOTER})
public final class SubmitCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The job file (YAML or JSON).")
  Path file;

  @Option(names = "--wait", description = "Wait until the job ended and print its results; "
      + "exit 0 only if every task succeeded.")
  boolean await;

  @Option(names = "--watch", description = "Show live progress until the job ended, then the "
      + "counts per lane and status; exit codes as with --wait.")
  boolean watch;

  @Option(names = {"-q", "--quiet"}, description = "Print only the job's id (with --wait/--watch: "
      + "nothing more; the exit code tells the outcome).")
  boolean quiet;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Submit at most once per "
      + "KEY: a second submission returns the first job (header Idempotency-Key).")
  String idempotencyKey;

  private JobFile jobFile;

  @Override
  protected void checkArguments() throws ApiException {
    if (await && watch) {
      throw new ApiException(Exit.USAGE, "--wait and --watch exclude each other");
    }
    jobFile = JobFile.read(file);
    io.tasklane.protocol.job.JobSpec spec = LocalValidation.check(jobFile);
    if (await || watch) {
      LocalValidation.refuseOpen(spec, jobFile.name(), await ? "--wait" : "--watch");
    }
  }

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    Job job = Job.fromText(jobFile.name(), jobFile.text(), jobFile.attachments());
    JobHandle submitted = idempotencyKey == null ? tasklane.submitWithoutKey(job) : tasklane.submit(job, idempotencyKey);
    String jobId = submitted.id();
    if (!submitted.created()) {
      err.println("job " + jobId + " already exists");
      err.flush();
    }
    boolean json = common.output() == OutputFormat.JSON;
    if (quiet || !(await || watch)) {
      out.println(json && !quiet ? Json.MAPPER.createObjectNode().put("id", jobId).toString() : jobId);
      out.flush();
    } else {
      err.println("job " + jobId + " submitted, " + (watch ? "watching it" : "waiting for it to end"));
      err.flush();
    }
    if (watch) {
      Watch.Mode mode = quiet ? Watch.Mode.QUIET : Watch.Mode.of(common.output());
      return Watch.run(tasklane, jobId, mode, common.colors(), out, err);
    }
    if (await) {
      JobSession session = new JobSession(tasklane, common.output(), out, err);
      return quiet ? session.awaitQuietly(jobId) : session.awaitAndPrint(jobId);
    }
    return Exit.OK;
  }
}
