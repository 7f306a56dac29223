package io.tasklane.client.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code tasklane types}. */
@Command(name = "types",
    description = {"Show the task types the cluster's workers offer: each one's lane (for an auto type, "
        + "the lane chosen), where it comes from (built-in or a plugin), the workers that have it, "
        + "the input it takes (checked when a job is submitted) and what it does.",
        "A type listed twice is offered differently by some workers (a plugin version rolling out).",
        "With -o json: the server's {\"types\": [...]} object as received, each input as JSON Schema."},
    footer = {"%nExamples:",
        "  tasklane types",
        "  tasklane types -o json | jq '.types[] | select(.name == \"sleep\") | .input'",
        Exit.CODES_FOOTER})
public final class TypesCommand extends ApiCommand {

  /** Workers listed by address in the table; more are counted. */
  static final int WORKERS_NAMED = 3;

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode types = tasklane.types();
    if (common.output() == OutputFormat.JSON) {
      out.println(types);
      return Exit.OK;
    }
    TextTable table = new TextTable("TYPE", "LANE", "SOURCE", "WORKERS", "INPUT", "DESCRIPTION");
    for (JsonNode type : types.path("types")) {
      table.row(type.path("name").asText(""), lane(type), type.path("source").asText(""),
          workers(type.path("workers")), InputSummary.of(type.path("input")), type.path("description").asText(""));
    }
    table.print(out);
    if (types.path("types").isEmpty()) {
      out.println("(no worker offers any type yet: see `tasklane cluster`)");
    }
    return Exit.OK;
  }

  /**
   * {@code io}; for a type that is measured, {@code auto->cpu} and why, from its first worker's
   * figures ({@code cpu 97%, 12 runs}); an {@code io} type that burns CPU is flagged.
   */
  private static String lane(JsonNode type) {
    String declared = type.path("declared").asText("");
    String lane = type.path("lane").asText("");
    JsonNode figures = type.path("measured").elements().hasNext() ? type.path("measured").elements().next() : null;
    String why = figures == null ? "" : String.format(java.util.Locale.ROOT, " (cpu %.0f%%, %d runs)",
        figures.path("cpuRatio").asDouble() * 100, figures.path("samples").asInt());
    if (declared.equals("auto")) {
      return "auto->" + lane + (figures == null ? " (not measured yet)" : why);
    }
    return figures != null && figures.hasNonNull("warning") ? lane + " (burns CPU" + why + ")" : lane;
  }

  private static String workers(JsonNode workers) {
    List<String> names = new ArrayList<>();
    workers.forEach(worker -> names.add(worker.asText()));
    if (names.size() <= WORKERS_NAMED) {
      return String.join(",", names);
    }
    return names.size() + " (" + String.join(",", names.subList(0, WORKERS_NAMED)) + ",...)";
  }
}
