package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 *
 * <p>It remembers where it sent results (the last {@value #REMEMBERED} jobs and routers), so a
 * draining lane can ask those routers to confirm they are journaled ({@link #confirmSent}).
 */
final class OutcomeBuffer {

  private record Destination(String jobId, ActorRef<ResultProtocol.Command> resultsTo) {}

  private record Sized(TaskOutcome outcome, long bytes) {}

  /**
   * Destinations remembered for the drain's confirmation: older ones were sent long enough ago to
   * be journaled (a router journals a job's batches within seconds), and the bound keeps a lane
   * that served many jobs small.
   */
  static final int REMEMBERED = 1024;

  private final String worker;
  private final Lane lane;
  private final int batchMax;
  private final long batchMaxBytes;
  private final Logger log;
  private final Map<Destination, List<Sized>> pending = new LinkedHashMap<>();
  /** Where results went, least recently first: the router they were actually sent to. */
  private final LinkedHashMap<Destination, Boolean> sent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Destination, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };
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

  /**
   * Asks each listed router this buffer sent results to to answer {@code lane} once that job's
   * results are journaled ({@link ResultProtocol.ConfirmRecorded}); a router no longer listed is
   * gone with what it held (its jobs requeue those tasks). Answers how many answers to await per
   * job.
   */
  Map<String, Integer> confirmSent(ActorRef<LaneProtocol.Command> lane) {
    Map<String, Integer> awaited = new HashMap<>();
    for (Destination destination : sent.keySet()) {
      if (routers.contains(destination.resultsTo())) {
        destination.resultsTo().tell(new ResultProtocol.ConfirmRecorded(destination.jobId(), lane));
        awaited.merge(destination.jobId(), 1, Integer::sum);
      }
    }
    return awaited;
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
    sent.put(new Destination(jobId, target), Boolean.TRUE);
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
