package io.tasklane.protocol.job;

import io.tasklane.protocol.job.JobSpecException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found in one job file, in line order. */
final class Problems {

  private final String file;
  private final List<Problem> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(int line, String field, String message) {
    found.add(new Problem(file, line, field, message));
  }

  /** How many problems so far: callers compare before and after checking a part. */
  int count() {
    return found.size();
  }

  List<Problem> sorted() {
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(Problem::line));
    return sorted;
  }

  void throwIfAny() throws JobSpecException {
    if (!found.isEmpty()) {
      throw new JobSpecException(sorted());
    }
  }
}
