package io.tasklane.coordinator.job;

import io.tasklane.protocol.job.JobSpec;
import java.util.List;

/**
 * A submitted job's spec as the journal keeps it ({@code id, name, tasks, open}): the
 * coordinator's own record, not the job-file model's {@link JobSpec}.
 */
public record RecordedSpec(String id, String name, List<RecordedTemplate> tasks, boolean open) {

  public RecordedSpec {
    tasks = List.copyOf(tasks);
  }

  static RecordedSpec of(JobSpec spec) {
    return new RecordedSpec(spec.id(), spec.name(), RecordedTemplate.of(spec.tasks()), spec.open());
  }

  JobSpec spec() {
    return new JobSpec(id, name, RecordedTemplate.templates(tasks), open);
  }
}
