package io.tasklane.client.job;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job file as it is submitted: its name as the user gave it, its raw text, and the files
 * its {@code foreach: {file: …}} entries name (path as written -> content), read relative to
 * the job file's directory.
 */
public record JobFile(String name, String text, Map<String, String> attachments) {

  public JobFile {
    attachments = Map.copyOf(attachments);
  }

  /**
   * Reads the job file and its attachments; exit 2 for a missing or unreadable job file. A
   * missing attachment is left out: the parser then names it with its line.
   */
  public static JobFile read(Path file) throws ApiException {
    String text = readText(file, file.toString());
    Path dir = file.toAbsolutePath().getParent();
    Map<String, String> attachments = new LinkedHashMap<>();
    for (String written : ForeachFiles.of(file.toString(), text)) {
      Path attachment = dir == null ? Path.of(written) : dir.resolve(written);
      if (Files.isRegularFile(attachment)) {
        attachments.put(written, readText(attachment, written + " (foreach.file in " + file + ")"));
      }
    }
    return new JobFile(file.toString(), text, attachments);
  }

  private static String readText(Path file, String described) throws ApiException {
    if (!Files.isRegularFile(file)) {
      throw new ApiException(Exit.USAGE, "no such file: " + described);
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notText) {
      throw new ApiException(Exit.USAGE, "not UTF-8 text: " + described);
    } catch (IOException unreadable) {
      throw new ApiException(Exit.USAGE, "cannot read " + described + ": " + unreadable.getMessage());
    }
  }
}
