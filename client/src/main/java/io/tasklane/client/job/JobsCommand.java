package io.tasklane.client.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.JobState;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.Terminal;
import io.tasklane.client.output.TextTable;
import io.tasklane.client.output.Times;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tasklane jobs [--state S] [--limit N]}. */
@Command(name = "jobs",
    description = {"List jobs, newest first: id, name, state, tasks, when submitted (local time), "
        + "how long they ran.",
        "With -o json: the server's {\"jobs\": [...]} object as received."},
    footer = {"%nExamples:",
        "  tasklane jobs",
        "  tasklane jobs --state running",
        "  tasklane jobs --state failed --limit 5 -o json | jq -r '.jobs[].id'",
        Exit.CODES_FOOTER})
public final class JobsCommand extends ApiCommand {

  /** The states a job can be in, for --state. */
  public static final class States implements Iterable<String> {
    static final List<String> ALL = List.of("running", "succeeded", "failed", "cancelled");

    @Override
    public Iterator<String> iterator() {
      return ALL.iterator();
    }
  }

  /** Longer job names are cut in the table. */
  static final int MAX_NAME = 32;

  @Option(names = "--state", paramLabel = "STATE", completionCandidates = States.class,
      description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
  String state;

  @Option(names = "--limit", paramLabel = "N", description = "At most N jobs (default: the server's).")
  int limit;

  @Override
  protected void checkArguments() throws ApiException {
    if (state != null && !States.ALL.contains(state)) {
      throw new ApiException(Exit.USAGE, "--state must be one of " + String.join(", ", States.ALL)
          + ", not '" + state + "'");
    }
    if (limit < 0) {
      throw new ApiException(Exit.USAGE, "--limit must not be negative");
    }
  }

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode jobs = tasklane.jobs(state == null ? null : JobState.valueOf(state.toUpperCase(Locale.ROOT)), limit);
    if (common.output() == OutputFormat.JSON) {
      out.println(jobs);
      return Exit.OK;
    }
    if (jobs.path("jobs").isEmpty()) {
      out.println(state == null ? "no jobs" : "no " + state + " jobs");
      return Exit.OK;
    }
    ZoneId zone = ZoneId.systemDefault();
    Instant now = Instant.now();
    TextTable table = new TextTable("ID", "NAME", "STATE", "TASKS", "SUBMITTED", "DURATION");
    for (JsonNode job : jobs.path("jobs")) {
      table.row(job.path("id").asText(""), Terminal.truncate(job.path("name").asText(""), MAX_NAME),
          job.path("state").asText(""), job.path("total").asText(""), Times.local(job.path("submittedAt"), zone),
          Times.duration(job.path("submittedAt"), job.path("endedAt"), now));
    }
    table.print(out);
    return Exit.OK;
  }
}
