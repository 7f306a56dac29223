package io.tasklane.coordinator.index;

import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * Every job, in submission order, as plain Java. Keeps at most {@code maxEnded} ended jobs
 * (the oldest are forgotten first); jobs that have not ended are always kept.
 */
public final class JobCatalog {

  private final int maxEnded;
  private final LinkedHashMap<String, JobSummary> jobs = new LinkedHashMap<>();
  private int ended;

  public JobCatalog(int maxEnded) {
    this.maxEnded = maxEnded;
  }

  /** Lists a job; false if it was listed already. */
  public boolean add(JobSummary job) {
    if (jobs.containsKey(job.id())) {
      return false;
    }
    jobs.put(job.id(), job);
    if (job.state() != JobState.running) {
      ended++;
      trim();
    }
    return true;
  }

  public boolean contains(String jobId) {
    return jobs.containsKey(jobId);
  }

  public boolean isRunning(String jobId) {
    JobSummary job = jobs.get(jobId);
    return job != null && job.state() == JobState.running;
  }

  /**
   * Marks a job ended with its final task count ({@code total}; null keeps the listed one: an
   * open job's grows after it is listed); false if it is unknown or already ended.
   */
  public boolean end(String jobId, JobState state, long at, Long total) {
    JobSummary job = jobs.get(jobId);
    if (job == null || job.state() != JobState.running) {
      return false;
    }
    jobs.put(jobId, total == null ? job.ended(state, at) : job.ended(state, at, total));
    ended++;
    trim();
    return true;
  }

  public void remove(String jobId) {
    JobSummary job = jobs.remove(jobId);
    if (job != null && job.state() != JobState.running) {
      ended--;
    }
  }

  /** Newest first; {@code state} null for all. */
  public List<JobSummary> newest(JobState state, int limit) {
    List<JobSummary> list = new ArrayList<>();
    ListIterator<Map.Entry<String, JobSummary>> entries = new ArrayList<>(jobs.entrySet()).listIterator(jobs.size());
    while (entries.hasPrevious() && list.size() < limit) {
      JobSummary job = entries.previous().getValue();
      if (state == null || job.state() == state) {
        list.add(job);
      }
    }
    return list;
  }

  /** Jobs that have not ended and were listed before {@code listedBefore} (epoch millis). */
  public List<String> unfinished(long listedBefore) {
    List<String> ids = new ArrayList<>();
    for (JobSummary job : jobs.values()) {
      if (job.state() == JobState.running && job.submittedAt() < listedBefore) {
        ids.add(job.id());
      }
    }
    return ids;
  }

  private void trim() {
    Iterator<JobSummary> oldest = jobs.values().iterator();
    while (ended > maxEnded && oldest.hasNext()) {
      if (oldest.next().state() != JobState.running) {
        oldest.remove();
        ended--;
      }
    }
  }
}
