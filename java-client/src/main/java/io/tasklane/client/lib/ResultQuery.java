package io.tasklane.client.lib;

/**
 * Which results to read, and how ({@code GET /api/jobs/{id}/results}): following the job as its
 * tasks end until it has ended, or those ended so far in task order; all, or only those that did
 * not succeed; at most a number of them.
 *
 * <pre>{@code
 * job.resultLines(ResultQuery.endedSoFar().onlyFailed().atMost(20))
 * }</pre>
 *
 * @param following in the order the tasks end, as they end, until the job has ended (a lost
 *     connection is resumed where it left off, unless {@code failedOnly}); else those ended so
 *     far, in task order, at once
 * @param failedOnly only tasks whose status is not {@code succeeded}
 * @param limit at most this many; 0 for all
 */
public record ResultQuery(boolean following, boolean failedOnly, long limit) {

  public ResultQuery {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative (0: all), not " + limit);
    }
  }

  /** Every result as its task ends, until the job has ended: what {@link JobHandle#results()} reads. */
  public static ResultQuery asTasksEnd() {
    return new ResultQuery(true, false, 0);
  }

  /** The results of the tasks ended so far, in task order; the read ends at once. */
  public static ResultQuery endedSoFar() {
    return new ResultQuery(false, false, 0);
  }

  /** Only the tasks that did not succeed (failed, timed out, cancelled). */
  public ResultQuery onlyFailed() {
    return new ResultQuery(following, true, limit);
  }

  /** At most {@code n} results; 0 for all. */
  public ResultQuery atMost(long n) {
    return new ResultQuery(following, failedOnly, n);
  }
}
