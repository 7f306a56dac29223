package io.tasklane.client.job;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.JobSpecException;
import java.nio.file.Path;

/**
 * Checks a job file on this machine before anything is sent, with the parser the
 * coordinator uses: fields, types, ids, sizes (task types only the coordinator can check).
 */
public final class LocalValidation {

  private LocalValidation() {
  }

  /** Returns the job of a valid file; else an exception with every problem (exit 2). */
  public static JobSpec check(Path file) throws ApiException {
    return check(JobFile.read(file));
  }

  /** As {@link #check(Path)}, for a job file already read with its attachments. */
  public static JobSpec check(JobFile file) throws ApiException {
    try {
      return ForeachFiles.parse(file);
    } catch (JobSpecException invalid) {
      throw new ApiException(Exit.USAGE, "invalid job file " + file.name(), invalid.problems());
    }
  }

  /**
   * An open job ends only once closed ({@code POST /api/jobs/{id}/close}), so a command that
   * waits for its end ({@code what}) would wait forever: refused (exit 2).
   */
  public static void refuseOpen(JobSpec spec, String fileName, String what) throws ApiException {
    if (spec.open()) {
      throw new ApiException(Exit.USAGE, fileName + " is an open job (\"open\": true): it ends only once "
          + "closed (POST /api/jobs/{id}/close), so " + what + " would wait forever");
    }
  }
}
