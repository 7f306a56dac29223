package io.tasklane.client.job;

import io.tasklane.protocol.job.JobFileParser;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.JobSpecException;
import java.util.List;

/**
 * The job-file parsing the client shares with the coordinator, in one place: the files a job
 * file's {@code foreach: {file: …}} entries name (as written), and the local parse with them
 * attached, exactly as the coordinator will parse the submitted envelope.
 */
final class ForeachFiles {

  private ForeachFiles() {
  }

  /** The paths in {@code foreach.file}, each once, in the order they appear; none for a broken text. */
  static List<String> of(String fileName, String text) {
    return List.copyOf(JobFileParser.attachmentsOf(fileName, text));
  }

  /** Parses the job file with its attachments; a foreach file not attached is a problem at its line. */
  static JobSpec parse(JobFile file) throws JobSpecException {
    return JobFileParser.parse(file.name(), file.text(), JobFileParser.Limits.DEFAULT, file.attachments()::get);
  }
}
