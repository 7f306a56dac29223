package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.ResultQuery;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.lib.TasklaneException;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.ResultsPrinter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * One job from file to results: validate locally, submit, wait until it ended, print the
 * results, and say with the exit code whether every task succeeded. Used by
 * {@code submit --wait} and by {@code tasklane run}.
 */
public final class JobSession {

  /** The first pause between two status polls. */
  public static final Duration FIRST_POLL = Duration.ofMillis(100);
  /** The longest pause between two status polls. */
  public static final Duration MAX_POLL = Duration.ofSeconds(1);

  static final String RUNNING = "running";

  private final TasklaneClient tasklane;
  private final OutputFormat format;
  private final PrintWriter out;
  private final PrintWriter err;

  public JobSession(TasklaneClient tasklane, OutputFormat format, PrintWriter out, PrintWriter err) {
    this.tasklane = tasklane;
    this.format = format;
    this.out = out;
    this.err = err;
  }

  /**
   * Validates, submits, waits, prints; returns the exit code ({@link Exit}). Errors go to
   * {@code err}; nothing is thrown.
   */
  public static int submitAndWait(TasklaneClient tasklane, Path jobFile, OutputFormat format,
      PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, false, charsetOf(out));
    PrintWriter errWriter = new PrintWriter(err, true, charsetOf(err));
    try {
      return new JobSession(tasklane, format, outWriter, errWriter).submitAndWait(jobFile);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** As {@link #submitAndWait(TasklaneClient, Path, OutputFormat, PrintStream, PrintStream)}. */
  public int submitAndWait(Path jobFile) {
    try {
      JobFile file = JobFile.read(jobFile);
      LocalValidation.check(file);
      String jobId = tasklane.submitWithoutKey(Job.fromText(file.name(), file.text(), file.attachments())).id();
      err.println("job " + jobId + " submitted, waiting for it to end");
      err.flush();
      return awaitAndPrint(jobId);
    } catch (ApiException failed) {
      return ApiCommand.report(failed, out, err);
    } catch (TasklaneException failed) {
      return ApiCommand.report(ApiException.of(failed), out, err);
    }
  }

  /** Waits until the job ended, prints its results, returns the exit code. */
  public int awaitAndPrint(String jobId) throws ApiException {
    JsonNode status = awaitEnd(jobId);
    return printResults(jobId, status);
  }

  /** Waits until the job ended; prints nothing; exit 0 only when it succeeded. */
  public int awaitQuietly(String jobId) throws ApiException {
    JsonNode status = awaitEnd(jobId);
    return "succeeded".equals(status.path("state").asText()) ? Exit.OK : Exit.TASKS_NOT_SUCCEEDED;
  }

  /** Polls the job's status, 100 ms growing to 1 s apart, until its state is not running. */
  public JsonNode awaitEnd(String jobId) throws ApiException {
    long pauseMs = FIRST_POLL.toMillis();
    while (true) {
      JsonNode status = tasklane.attach(jobId).statusJson();
      if (!RUNNING.equals(status.path("state").asText(RUNNING))) {
        return status;
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new ApiException(Exit.UNREACHABLE, "interrupted while waiting for job " + jobId);
      }
      pauseMs = Math.min(MAX_POLL.toMillis(), pauseMs * 3 / 2);
    }
  }

  /**
   * Streams the job's results to {@code out}; exit 0 only if the job ended (per
   * {@code status}), succeeded, and every result printed succeeded.
   */
  public int printResults(String jobId, JsonNode status) throws ApiException {
    return printResults(jobId, status, false, 0);
  }

  /**
   * As {@link #printResults(String, JsonNode)}, only the tasks that did not succeed when
   * {@code failedOnly}, at most {@code limit} (0: all).
   */
  public int printResults(String jobId, JsonNode status, boolean failedOnly, long limit)
      throws ApiException {
    return printResults(jobId, status, failedOnly, limit, false);
  }

  /**
   * As {@link #printResults(String, JsonNode, boolean, long)}; with {@code follow} the results
   * are printed as tasks end, in that order, until the job has ended.
   */
  public int printResults(String jobId, JsonNode status, boolean failedOnly, long limit, boolean follow)
      throws ApiException {
    ResultsPrinter printer = ResultsPrinter.create(format, out);
    try (Stream<String> lines = tasklane.attach(jobId).resultLines(new ResultQuery(follow, failedOnly, limit))) {
      lines.forEach(printer::accept);
    }
    if (follow) {
      status = tasklane.attach(jobId).statusJson();
    }
    long seen = printer.finish();
    String state = status.path("state").asText("unknown");
    boolean ended = !RUNNING.equals(state);
    if (format == OutputFormat.TABLE) {
      out.println("job " + jobId + ": " + state + " (" + seen + " of "
          + status.path("total").asText("?") + " results)");
      out.flush();
    } else if (!ended) {
      err.println("job " + jobId + " is still running: " + seen + " of "
          + status.path("total").asText("?") + " results so far");
    }
    boolean ok = ended && "succeeded".equals(state) && printer.allSucceeded();
    return ok ? Exit.OK : Exit.TASKS_NOT_SUCCEEDED;
  }

  private static Charset charsetOf(PrintStream stream) {
    return stream.charset();
  }
}
