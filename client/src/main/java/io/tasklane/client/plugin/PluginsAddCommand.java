package io.tasklane.client.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ApiCommand;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tasklane plugins add FILE.jar}. */
@Command(name = "add",
    description = {"Upload a plugin jar. The coordinator checks it (its handlers load and construct, their types "
        + "are new), keeps it and delivers it to every worker. Prints its name, version, digest and types.",
        "Name and version come from the manifest's Implementation-Title and Implementation-Version, else from "
        + "the file name (words-1.2.jar: words 1.2). Adding a version label again with other bytes replaces it.",
        "With -o json: the server's answer as received."},
    footer = {"%nExamples:",
        "  tasklane plugins add target/words-1.2.jar",
        "%nExits 2 when the jar is refused (the reason is printed).",
        Exit.CODES_FOOTER})
public final class PluginsAddCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "FILE.jar", description = "The plugin jar.")
  Path jar;

  private byte[] bytes;

  @Override
  protected void checkArguments() throws ApiException {
    if (!Files.isRegularFile(jar)) {
      throw new ApiException(Exit.USAGE, "no such file: " + jar);
    }
    try {
      bytes = Files.readAllBytes(jar);
    } catch (IOException | OutOfMemoryError e) {
      throw new ApiException(Exit.USAGE, "cannot read " + jar + ": " + e.getMessage());
    }
  }

  @Override
  protected int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException {
    JsonNode added = tasklane.plugins().add(jar.getFileName().toString(), bytes);
    if (common.output() == OutputFormat.JSON) {
      out.println(added);
      return Exit.OK;
    }
    out.println((added.path("alreadyKept").asBoolean() ? "already kept: " : "added: ")
        + added.path("name").asText() + " " + added.path("version").asText());
    out.println("digest: sha256:" + added.path("digest").asText());
    out.println("types:  " + String.join(", ", PluginsListCommand.texts(added.path("types"))));
    JsonNode replaced = added.path("replaced");
    if (replaced.isObject()) {
      out.println("replaced: " + replaced.path("version").asText() + " (sha256:"
          + PluginsListCommand.shortDigest(replaced.path("digest").asText()) + ")");
    }
    return Exit.OK;
  }
}
