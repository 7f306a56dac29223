package io.tasklane.client.job;

import io.tasklane.client.Exit;
import io.tasklane.client.api.ApiException;
import io.tasklane.protocol.job.JobFileParser;
import io.tasklane.protocol.job.JobSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a job file on this machine before anything is sent, with the parser the
 * coordinator uses: fields, types, ids, sizes (task types only the coordinator can check).
 */
public final class LocalValidation {

  private LocalValidation() {
  }

  /** Returns quietly for a valid file; else an exception with every problem (exit 2). */
  public static void check(Path file) throws ApiException {
    if (!Files.isRegularFile(file)) {
      throw new ApiException(Exit.USAGE, "no such file: " + file);
    }
    try {
      JobFileParser.parse(file);
    } catch (JobSpecException invalid) {
      throw new ApiException(Exit.USAGE, "invalid job file " + file, invalid.problems());
    } catch (IOException unreadable) {
      throw new ApiException(Exit.USAGE, "cannot read " + file + ": " + unreadable.getMessage());
    }
  }
}
