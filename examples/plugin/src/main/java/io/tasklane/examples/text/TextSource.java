package io.tasklane.examples.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskFailedPermanently;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a task's text comes from: a file on the worker ({@code path}, relative to the worker's
 * working folder) or the input itself ({@code text}); exactly one of the two.
 */
record TextSource(Path path, String text) {

  /** An object schema with the two properties; the handler adds its own. */
  static InputSchema schema() {
    return InputSchema.object()
        .optional("path", InputSchema.string().minLength(1)
            .description("a UTF-8 file on the worker; relative paths start at the worker's working folder"))
        .optional("text", InputSchema.string().description("the text itself, instead of a path"));
  }

  /** Reads the source from an input; a permanent failure if it has neither or both. */
  static TextSource of(JsonNode input) {
    boolean hasPath = input.hasNonNull("path");
    boolean hasText = input.hasNonNull("text");
    if (hasPath == hasText) {
      throw new TaskFailedPermanently("give either 'path' (a file on the worker) or 'text', "
          + (hasPath ? "not both" : "the input has neither"));
    }
    return hasPath ? new TextSource(Path.of(input.get("path").asText()), null) : new TextSource(null, input.get("text").asText());
  }

  /** Opens the text; a missing file fails for good (another attempt would not find it either). */
  BufferedReader open() throws IOException {
    if (text != null) {
      return new BufferedReader(new StringReader(text));
    }
    try {
      return Files.newBufferedReader(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TaskFailedPermanently("no such file: " + path.toAbsolutePath()
          + " (a relative path starts at the worker's working folder)");
    }
  }

  /** How many characters (text) or bytes (file) there are: what progress is measured against. */
  long size() throws IOException {
    return text != null ? text.length() : Files.size(path);
  }

  /** The file's path, or "text". */
  String name() {
    return text != null ? "text" : path.toString();
  }
}
