package io.tasklane.client.lib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a job file and the files its {@code foreach: {file: …}} entries name, as the
 * {@code tasklane} CLI does: paths as written, relative to the job file's folder. Only that is
 * read here; the coordinator parses and checks the job.
 */
final class JobFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Read(String text, Map<String, String> attachments) {}

  private JobFiles() {
  }

  static Read read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    Map<String, String> attachments = new LinkedHashMap<>();
    for (JsonNode task : tree(file, text).path("tasks")) {
      JsonNode named = task.path("foreach").path("file");
      if (named.isTextual() && !named.asText().isEmpty() && !attachments.containsKey(named.asText())) {
        Path attachment = dir.resolve(named.asText());
        if (Files.isRegularFile(attachment)) {
          attachments.put(named.asText(), Files.readString(attachment, StandardCharsets.UTF_8));
        }
      }
    }
    return new Read(text, attachments);
  }

  /** The file's tree; a missing node for a file that does not parse (the coordinator says why). */
  private static JsonNode tree(Path file, String text) {
    boolean json = file.toString().endsWith(".json") || text.stripLeading().startsWith("{");
    try {
      JsonNode tree = (json ? Json.MAPPER : YAML).readTree(text);
      return tree == null ? Json.MAPPER.missingNode() : tree;
    } catch (IOException broken) {
      return Json.MAPPER.missingNode();
    }
  }
}
