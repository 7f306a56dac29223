package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** Outcomes waiting to be reported, per job and result destination; at most batchMax in all. */
final class OutcomeBuffer {

  private record Destination(String jobId, ActorRef<ResultProtocol.Command> resultsTo) {}

  private final String worker;
  private final Lane lane;
  private final int batchMax;
  private final Map<Destination, List<TaskOutcome>> pending = new LinkedHashMap<>();
  private int size;

  OutcomeBuffer(String worker, Lane lane, int batchMax) {
    this.worker = worker;
    this.lane = lane;
    this.batchMax = batchMax;
  }

  /** Adds one; true when the buffer is full and must be flushed now. */
  boolean add(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
    pending.computeIfAbsent(new Destination(jobId, resultsTo), d -> new ArrayList<>()).add(outcome);
    size++;
    return size >= batchMax;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Sends every pending outcome, one ReportResults per job and destination. */
  void flush() {
    pending.forEach((destination, outcomes) ->
        destination.resultsTo().tell(
            new ResultProtocol.ReportResults(destination.jobId(), worker, lane, outcomes)));
    pending.clear();
    size = 0;
  }
}
