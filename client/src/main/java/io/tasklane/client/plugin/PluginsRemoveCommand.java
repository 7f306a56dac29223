package io.tasklane.client.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane plugins remove NAME[@VERSION]}. */
@Command(name = "remove",
    description = {"Remove a plugin everywhere: every version of NAME, or only NAME@VERSION. Workers drop its "
        + "types at once (new jobs of them are refused at submit) and close it once its tasks in flight ended.",
        "With -o json: the server's {\"removed\": [...]} object as received."},
    footer = {"%nExamples:",
        "  tasklane plugins remove words",
        "  tasklane plugins remove words@1.1",
        "%nExits 2 when there is no such plugin.",
        Exit.CODES_FOOTER})
public final class PluginsRemoveCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "NAME[@VERSION]", description = "The plugin, or one version of it.")
  String name;

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode removed = tasklane.plugins().remove(name);
    if (common.output() == OutputFormat.JSON) {
      out.println(removed);
      return Exit.OK;
    }
    for (JsonNode plugin : removed.path("removed")) {
      out.println("removed: " + plugin.path("name").asText() + " " + plugin.path("version").asText()
          + " (sha256:" + PluginsListCommand.shortDigest(plugin.path("digest").asText()) + ")");
    }
    return Exit.OK;
  }
}
