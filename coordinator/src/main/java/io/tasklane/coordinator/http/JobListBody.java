package io.tasklane.coordinator.http;

import io.tasklane.protocol.dispatch.JobIndexProtocol.JobList;
import java.util.List;

/** {@code GET /api/jobs}: the jobs, newest first. */
record JobListBody(List<Entry> jobs) {

  /** One job as the index lists it ({@code endedAt} null while it runs). */
  record Entry(String id, String name, String state, long submittedAt, long total, Long endedAt) {}

  static JobListBody of(JobList list) {
    return new JobListBody(list.jobs().stream()
        .map(job -> new Entry(job.id(), job.name(), job.state().name(), job.submittedAt(), job.total(), job.endedAt()))
        .toList());
  }
}
