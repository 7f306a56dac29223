package io.tasklane.coordinator.http;

import io.tasklane.protocol.job.JobSpecException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * An unknown {@code exec} type is not a typo: exec exists, but no live worker allows it (a worker
 * offers exec only when its operator allowed it). The refusal says how to allow it.
 */
final class ExecHint {

  static final String HINT = "; no live worker allows exec: start workers with --allow-exec [PROG,...] "
      + "(env TASKLANE_ALLOW_EXEC, setting tasklane.worker.exec.allow), or use tasklane run / tasklane local up, "
      + "which allow it";

  private ExecHint() {}

  /** The problems, those about an unknown {@code exec} type saying how to allow it. */
  static List<Problem> added(List<Problem> problems) {
    if (problems.stream().noneMatch(ExecHint::aboutExec)) {
      return problems;
    }
    List<Problem> hinted = new ArrayList<>(problems.size());
    for (Problem problem : problems) {
      hinted.add(aboutExec(problem)
          ? new Problem(problem.file(), problem.line(), problem.field(), problem.message() + HINT) : problem);
    }
    return hinted;
  }

  private static boolean aboutExec(Problem problem) {
    return problem.message().startsWith("unknown task type 'exec' ");
  }
}
