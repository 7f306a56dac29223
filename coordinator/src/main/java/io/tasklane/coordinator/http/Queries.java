package io.tasklane.coordinator.http;

import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.util.Optional;

/** The job routes' query parameters, parsed; a bad one is a {@link BadQuery} that says what is wrong (400). */
final class Queries {

  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 10_000;

  private Queries() {}

  static final class BadQuery extends IllegalArgumentException {
    BadQuery(String message) {
      super(message);
    }
  }

  /**
   * {@code GET /api/jobs?state=…&limit=…&offset=…}: {@code state} null for every state; limit
   * within 1 and 10,000; offset: how many of the newest matching jobs to skip (a page).
   */
  record JobsQuery(JobState state, int limit, int offset) {

    JobsQuery(JobState state, int limit) {
      this(state, limit, 0);
    }

    static JobsQuery parse(Optional<String> state, Optional<String> limit) {
      return parse(state, limit, Optional.empty());
    }

    static JobsQuery parse(Optional<String> state, Optional<String> limit, Optional<String> offset) {
      JobState filter;
      try {
        filter = state.map(JobState::valueOf).orElse(null);
      } catch (IllegalArgumentException e) {
        throw new BadQuery("state must be one of running, succeeded, failed, cancelled");
      }
      int max;
      try {
        max = limit.map(Integer::parseInt).orElse(DEFAULT_LIST_LIMIT);
      } catch (NumberFormatException e) {
        throw new BadQuery("limit must be a positive integer");
      }
      int skip = position(offset, "offset must be a number of jobs to skip (0 or more)");
      return new JobsQuery(filter, Math.max(1, Math.min(max, MAX_LIST_LIMIT)), skip);
    }
  }

  /**
   * {@code GET /api/jobs/{id}/results?failed&limit&from&follow&after}: {@code limit} results at
   * most (none for zero or less), from task {@code from} on, or as tasks end ({@code follow}),
   * then skipping the first {@code after} tasks to end: a follower that lost its connection after
   * N lines resumes with {@code after=N}.
   */
  record ResultsQuery(boolean failedOnly, boolean follow, long limit, int from, int after) {

    ResultsQuery(boolean failedOnly, boolean follow, long limit, int from) {
      this(failedOnly, follow, limit, from, 0);
    }

    static ResultsQuery parse(Optional<String> failed, Optional<String> limit, Optional<String> from,
        Optional<String> follow) {
      return parse(failed, limit, from, follow, Optional.empty());
    }

    static ResultsQuery parse(Optional<String> failed, Optional<String> limit, Optional<String> from,
        Optional<String> follow, Optional<String> after) {
      long max;
      try {
        max = limit.map(Long::parseLong).orElse(Long.MAX_VALUE);
      } catch (NumberFormatException e) {
        throw new BadQuery("limit must be a positive integer");
      }
      int start;
      try {
        start = from.map(Integer::parseInt).orElse(0);
      } catch (NumberFormatException e) {
        start = -1;
      }
      if (start < 0) {
        throw new BadQuery("from must be a task index (0 or more)");
      }
      boolean following = isTrue(follow);
      if (following && from.isPresent()) {
        throw new BadQuery("from is a task position and follow streams in the order tasks end: use one of them");
      }
      int skip = position(after, "after must be a number of results (0 or more)");
      if (after.isPresent() && (!following || isTrue(failed))) {
        throw new BadQuery("after counts every result in the order tasks end: use it with follow=true, without failed");
      }
      return new ResultsQuery(isTrue(failed), following, max, start, skip);
    }
  }

  /** A count or position, 0 when absent; a negative or non-number one is a {@link BadQuery} saying {@code problem}. */
  static int position(Optional<String> value, String problem) {
    try {
      int parsed = value.map(Integer::parseInt).orElse(0);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new BadQuery(problem);
  }

  /** A flag: {@code true} or {@code 1}; anything else, or absent, is false. */
  static boolean isTrue(Optional<String> flag) {
    return flag.map(v -> v.equals("true") || v.equals("1")).orElse(false);
  }
}
