package io.tasklane.coordinator.http;

import io.tasklane.protocol.dispatch.JobIndexProtocol.JobList;
import java.util.List;

/**
 * {@code GET /api/jobs}: a page of the jobs, newest first. {@code matching} counts every listed
 * job the filter takes (all pages), {@code offset} is where this page starts, {@code forgotten}
 * how many ended jobs are no longer listed (past {@code jobs.max-listed-ended}): a page never
 * hides that there is more.
 */
record JobListBody(List<Entry> jobs, int offset, long matching, long forgotten) {

  /** One job as the index lists it ({@code endedAt} null while it runs). */
  record Entry(String id, String name, String state, long submittedAt, long total, Long endedAt) {}

  static JobListBody of(JobList list, int offset) {
    return new JobListBody(list.jobs().stream()
        .map(job -> new Entry(job.id(), job.name(), job.state().name(), job.submittedAt(), job.total(), job.endedAt()))
        .toList(), offset, list.matching(), list.forgotten());
  }

  static JobListBody of(JobList list) {
    return of(list, 0);
  }
}
