package io.tasklane.client.job;

import io.tasklane.client.Exit;
import io.tasklane.client.api.ApiException;
import io.tasklane.protocol.job.JobSpecException;
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
    check(JobFile.read(file));
  }

  /** As {@link #check(Path)}, for a job file already read with its attachments. */
  public static void check(JobFile file) throws ApiException {
    try {
      ForeachFiles.parse(file);
    } catch (JobSpecException invalid) {
      throw new ApiException(Exit.USAGE, "invalid job file " + file.name(), invalid.problems());
    }
  }
}
