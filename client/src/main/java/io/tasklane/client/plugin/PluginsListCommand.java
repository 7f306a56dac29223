package io.tasklane.client.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.client.output.TextTable;
import io.tasklane.client.output.Times;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code tasklane plugins list}. */
@Command(name = "list",
    description = {"List the plugin versions the coordinator keeps, oldest first: name, version (* = the newest, "
        + "which plain type names run), digest, size, types, when added, and the workers that loaded it.",
        "With -o json: the server's {\"plugins\": [...]} object as received (also the workers that failed to "
        + "load a version, and why)."},
    footer = {"%nExamples:",
        "  tasklane plugins list",
        "  tasklane plugins list -o json | jq -r '.plugins[].name'",
        Exit.CODES_FOOTER})
public final class PluginsListCommand extends ApiCommand {

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode plugins = tasklane.plugins().list();
    if (common.output() == OutputFormat.JSON) {
      out.println(plugins);
      return Exit.OK;
    }
    if (plugins.path("plugins").isEmpty()) {
      out.println("no plugins");
      return Exit.OK;
    }
    ZoneId zone = ZoneId.systemDefault();
    TextTable table = new TextTable("NAME", "VERSION", "DIGEST", "SIZE", "TYPES", "ADDED", "WORKERS");
    for (JsonNode plugin : plugins.path("plugins")) {
      List<String> workers = texts(plugin.path("workers"));
      int failed = plugin.path("failed").size();
      table.row(plugin.path("name").asText(""),
          plugin.path("version").asText("") + (plugin.path("newest").asBoolean() ? " *" : ""),
          shortDigest(plugin.path("digest").asText("")),
          plugin.path("size").asLong(0),
          String.join(",", texts(plugin.path("types"))),
          Times.local(plugin.path("addedAt"), zone),
          (workers.isEmpty() ? "-" : String.join(",", workers)) + (failed > 0 ? " (" + failed + " failed)" : ""));
    }
    table.print(out);
    return Exit.OK;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  static String shortDigest(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) : digest;
  }
}
