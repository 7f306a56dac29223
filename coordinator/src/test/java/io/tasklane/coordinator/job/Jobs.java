package io.tasklane.coordinator.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol.ReportResults;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.RawJson;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskStatus;
import java.util.List;

/** Sample jobs and outcomes for the job package's plain tests, and recording as the entity does. */
final class Jobs {

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Jobs() {}

  static TaskTemplate template(String id, String type, Lane lane, Integer repeat) {
    return new TaskTemplate(id, type, lane, JSON.objectNode().put("value", "v${i}"), 0, 0, null, repeat, 1);
  }

  /** io-0 … io-9 (IO), cpu-0 … cpu-3 (CPU), last (IO): 15 tasks. */
  static JobLedger mixedJob() {
    return new JobLedger("j1", new JobSpec(null, "mixed", List.of(
        template("io", "noop", Lane.IO, 10),
        template("cpu", "sha256", Lane.CPU, 4),
        template("last", "noop", Lane.IO, null))), 1L);
  }

  /** a-0 … a-3 (key group-a), b-0 … b-3 (group-b), free-0 … free-3 (no key), all IO. */
  static JobLedger keyedJob() {
    return new JobLedger("keys", new JobSpec(null, null, List.of(
        new TaskTemplate("a", "noop", Lane.IO, JSON.objectNode(), 0, 0, "group-a", 4, 1),
        new TaskTemplate("b", "noop", Lane.IO, JSON.objectNode(), 0, 0, "group-b", 4, 2),
        new TaskTemplate("free", "noop", Lane.IO, JSON.objectNode(), 0, 0, null, 4, 3))), 1L);
  }

  static JobLedger openJob(TaskTemplate... tasks) {
    return new JobLedger("open", new JobSpec(null, "stream", List.of(tasks), true), 1L);
  }

  static TaskOutcome ok(int index) {
    return new TaskOutcome(index, TaskStatus.SUCCEEDED, RawJson.of(JSON.objectNode().put("i", index)), null, 1, "t");
  }

  /**
   * Records a batch as the entity does: its first results journaled (one event), applied to the
   * ledger, then no longer in flight in {@code dispenser} (null for none). Returns how many.
   */
  static int record(JobLedger ledger, Dispenser dispenser, String worker, List<TaskOutcome> outcomes, long at) {
    int recorded = 0;
    for (JobEvent event : ledger.firstResults(List.of(new ReportResults(ledger.jobId(), worker, Lane.IO, outcomes)), at)) {
      JobEvent.ResultsRecorded results = (JobEvent.ResultsRecorded) event;
      ledger.record(results.worker(), results.outcomes(), results.at());
      if (dispenser != null) {
        dispenser.recorded(results.outcomes());
      }
      recorded += results.outcomes().size();
    }
    return recorded;
  }
}
