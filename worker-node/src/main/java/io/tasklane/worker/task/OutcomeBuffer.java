package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * Outcomes waiting to be reported, per job and result destination (at most batchMax before a
 * flush), and where they can go: the coordinators' result routers listed by the receptionist.
 * An outcome goes to the router its job named while that router is listed, else to another
 * listed router (the job may have moved to another coordinator), else it stays here until a
 * router is listed. Each ReportResults carries at most batchMaxBytes of outputs and errors
 * (always at least one outcome).
 */
final class OutcomeBuffer {

  private record Destination(String jobId, ActorRef<ResultProtocol.Command> resultsTo) {}

  private record Sized(TaskOutcome outcome, long bytes) {}

  private final String worker;
  private final Lane lane;
  private final int batchMax;
  private final long batchMaxBytes;
  private final Logger log;
  private final Map<Destination, List<Sized>> pending = new LinkedHashMap<>();
  private Set<ActorRef<ResultProtocol.Command>> routers = Set.of();
  private ActorRef<ResultProtocol.Command> fallback;
  private int size;

  OutcomeBuffer(String worker, Lane lane, int batchMax, long batchMaxBytes, Logger log) {
    this.worker = worker;
    this.lane = lane;
    this.batchMax = batchMax;
    this.batchMaxBytes = batchMaxBytes;
    this.log = log;
  }

  /**
   * Adds one; true when the buffer is full
   * and must be flushed now.
   */
  boolean add(String jobId, ActorRef<ResultProtocol.Command> resultsTo, TaskOutcome outcome) {
    pending.computeIfAbsent(new Destination(jobId, resultsTo), d -> new ArrayList<>())
        .add(new Sized(outcome, outcome.estimatedBytes()));
    size++;
    return size >= batchMax;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Outcomes not sent yet. */
  int size() {
    return size;
  }

  /** The receptionist's listing of result routers changed. */
  void routersChanged(Set<ActorRef<ResultProtocol.Command>> listed) {
    routers = Set.copyOf(listed);
    fallback = routers.stream().min(Comparator.comparing(ref -> ref.path().toString())).orElse(null);
  }

  boolean hasRouter() {
    return fallback != null;
  }

  /**
   * Sends every pending outcome it has a router for, split by job, destination and size; keeps
   * the rest (only when no router is listed at all).
   */
  void flush() {
    if (fallback == null) {
      return;
    }
    Iterator<Map.Entry<Destination, List<Sized>>> entries = pending.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Destination, List<Sized>> entry = entries.next();
      Destination destination = entry.getKey();
      ActorRef<ResultProtocol.Command> target = routerFor(destination);
      send(destination.jobId(), target, entry.getValue());
      size -= entry.getValue().size();
      entries.remove();
    }
  }

  private ActorRef<ResultProtocol.Command> routerFor(Destination destination) {
    if (routers.contains(destination.resultsTo())) {
      return destination.resultsTo();
    }
    log.debug("Job {}: result router {} is not listed, {} lane sends its results to {}",
        destination.jobId(), destination.resultsTo(), lane.wireName(), fallback);
    return fallback;
  }

  private void send(String jobId, ActorRef<ResultProtocol.Command> target, List<Sized> outcomes) {
    List<TaskOutcome> batch = new ArrayList<>();
    long bytes = 0;
    for (Sized next : outcomes) {
      if (!batch.isEmpty() && bytes + next.bytes() > batchMaxBytes) {
        target.tell(new ResultProtocol.ReportResults(jobId, worker, lane, batch));
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(next.outcome());
      bytes += next.bytes();
    }
    target.tell(new ResultProtocol.ReportResults(jobId, worker, lane, batch));
  }
}
