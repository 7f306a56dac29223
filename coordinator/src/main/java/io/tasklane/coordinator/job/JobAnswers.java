package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.JobProtocol.FollowResults;
import io.tasklane.protocol.dispatch.JobProtocol.GetResults;
import io.tasklane.protocol.dispatch.JobProtocol.JobEnded;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.dispatch.JobProtocol.TasksEnded;

/**
 * The result pages a job answers with, each one message to the HTTP API (possibly on another
 * coordinator node): at most {@code resultsPage} results, and about {@code maxBytes} of text
 * (tasklane.coordinator.max-message-bytes) plus one more line.
 */
record JobAnswers(int resultsPage, long maxBytes) {

  ResultsPage page(JobLedger ledger, GetResults get) {
    return ledger.results(get.from(), max(get.max()), get.failedOnly(), maxBytes);
  }

  ResultsPage followPage(JobLedger ledger, FollowResults follow) {
    return ledger.resultsAsEnded(follow.from(), max(follow.max()), follow.failedOnly(), maxBytes);
  }

  /**
   * The result lines of ended tasks {@code first} … {@code first + count - 1}; when they are
   * too large for one message, none (the waiting request says where to fetch them instead).
   */
  TasksEnded tasksEnded(JobLedger ledger, int first, int count) {
    ResultsPage page = ledger.results(first, count, false, maxBytes);
    return page.count() == count ? new TasksEnded(page.lines(), true) : new TasksEnded("", false);
  }

  /** What a request waiting for the job's end gets: its status and, if they fit, every result. */
  JobEnded ended(JobLedger ledger, JobStatus status) {
    TasksEnded all = tasksEnded(ledger, 0, ledger.total());
    return new JobEnded(status, all.results(), all.resultsInline());
  }

  private int max(int asked) {
    return Math.max(1, Math.min(asked, resultsPage));
  }
}
