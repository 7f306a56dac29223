package io.tasklane.coordinator.index;

import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Every job, in submission order, as plain Java. Keeps at most {@code maxEnded} ended jobs
 * (the oldest are forgotten first, and counted); jobs that have not ended are always kept.
 * Counts per state are kept as jobs come and go, so a page says how many there are in all.
 */
public final class JobCatalog {

  private final int maxEnded;
  private final LinkedHashMap<String, JobSummary> jobs = new LinkedHashMap<>();
  private int ended;
  private long forgotten;
  private final EnumMap<JobState, Long> perState = new EnumMap<>(JobState.class);

  public JobCatalog(int maxEnded) {
    this.maxEnded = maxEnded;
  }

  /** Lists a job; false if it was listed already. */
  public boolean add(JobSummary job) {
    if (jobs.containsKey(job.id())) {
      return false;
    }
    jobs.put(job.id(), job);
    count(job.state(), 1);
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
    count(JobState.running, -1);
    count(state, 1);
    ended++;
    trim();
    return true;
  }

  public void remove(String jobId) {
    JobSummary job = jobs.remove(jobId);
    if (job != null) {
      count(job.state(), -1);
      if (job.state() != JobState.running) {
        ended--;
      }
    }
  }

  /** Newest first; {@code state} null for all. */
  public List<JobSummary> newest(JobState state, int limit) {
    return newest(state, 0, limit);
  }

  /** Newest first, skipping the newest {@code offset} that match; {@code state} null for all. */
  public List<JobSummary> newest(JobState state, int offset, int limit) {
    List<JobSummary> list = new ArrayList<>();
    int skip = Math.max(0, offset);
    if (skip >= matching(state)) {
      return list;
    }
    for (JobSummary job : jobs.sequencedValues().reversed()) {
      if (list.size() >= limit) {
        break;
      }
      if (state == null || job.state() == state) {
        if (skip > 0) {
          skip--;
        } else {
          list.add(job);
        }
      }
    }
    return list;
  }

  /** How many listed jobs are in {@code state} (null: all). */
  public long matching(JobState state) {
    return state == null ? jobs.size() : perState.getOrDefault(state, 0L);
  }

  /** How many ended jobs were dropped to keep at most {@code maxEnded} (their journal stays). */
  public long forgotten() {
    return forgotten;
  }

  private void count(JobState state, long delta) {
    perState.merge(state, delta, Long::sum);
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
      JobSummary job = oldest.next();
      if (job.state() != JobState.running) {
        oldest.remove();
        count(job.state(), -1);
        forgotten++;
        ended--;
      }
    }
  }
}
