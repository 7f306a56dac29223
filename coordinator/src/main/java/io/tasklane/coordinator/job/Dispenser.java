package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands a job's queued tasks to worker lanes and knows which are in flight where. Transient: a
 * recovered job gets a new one, which queues every task without a result. Tasks in flight are
 * bounded by {@code maxUnrecorded}; the lane queues hold ranges, not tasks (see {@link LaneQueue}).
 */
final class Dispenser implements JobLedger.Running {

  /** The worker lane a task was sent to, in which lane, and when (System.nanoTime); one per batch. */
  private record InFlight(String owner, Lane lane, long since) {}

  private final Templates templates;
  private final LaneTally tally;
  private final BitSet ended;
  private final int maxUnrecorded;
  private final EnumMap<Lane, LaneQueue> queues = new EnumMap<>(Lane.class);
  /** How many of the job's templates joined the queues (an open job's appends come later). */
  private int queuedTemplates;
  private final Map<Integer, InFlight> inFlight = new HashMap<>();
  private final int[] running = new int[Lane.values().length];
  private final Affinity affinity = new Affinity();

  /**
   * @param maxUnrecorded most tasks sent to workers whose results are not journaled yet; past
   *     it the job takes no more credit until results are recorded (bounds what waits for the
   *     journal anywhere on the way back)
   */
  Dispenser(JobLedger ledger, int maxUnrecorded) {
    this.templates = ledger.templates();
    this.tally = ledger.tally();
    this.ended = ledger.log().ended();
    this.maxUnrecorded = maxUnrecorded;
    for (Lane lane : Lane.values()) {
      queues.put(lane, new LaneQueue());
    }
    queueNew();
  }

  /** Templates added to the ledger since (an append) join their lane's queue, behind the rest. */
  void queueNew() {
    for (; queuedTemplates < templates.count(); queuedTemplates++) {
      Templates.Template template = templates.get(queuedTemplates);
      queues.get(template.lane()).add(template.start(), template.end());
    }
  }

  /**
   * Takes up to {@code max} queued tasks of {@code lane} for {@code owner} (a worker lane), in a
   * batch of about {@code maxBytes} at most on the wire (it always holds at least one task), and
   * marks them in flight there.
   */
  List<TaskSpec> take(Lane lane, int max, long maxBytes, String owner) {
    List<TaskSpec> tasks = new ArrayList<>(Math.min(max, 1024));
    Filling batch = new Filling(tasks, max, maxBytes, owner, lane);
    // 1. tasks whose key this worker lane ran before
    affinity.takeOwn(owner, batch);
    // 2. the queue; a keyed task owned by another worker lane is set aside for it (at most as
    // many as this batch may hold, so one pull never walks a whole job)
    LaneQueue queue = queues.get(lane);
    int setAside = 0;
    while (batch.hasRoom() && setAside < max) {
      int index = queue.next(ended);
      if (index < 0) {
        break;
      }
      String key = templates.of(index).spec().key();
      if (key != null && affinity.setAsideForOwner(lane, key, index, owner)) {
        setAside++;
        continue;
      }
      batch.add(index);
    }
    // 3. never let a task wait while this worker lane has room: take others' set-aside tasks
    affinity.takeOthers(lane, owner, batch);
    return tasks;
  }

  /** One batch being filled for one worker lane. */
  private final class Filling implements Affinity.Batch {
    private final List<TaskSpec> tasks;
    private final int max;
    private final long maxBytes;
    private final InFlight where;
    private final Lane lane;
    private long bytes;

    Filling(List<TaskSpec> tasks, int max, long maxBytes, String owner, Lane lane) {
      this.tasks = tasks;
      this.max = max;
      this.maxBytes = maxBytes;
      this.where = new InFlight(owner, lane, System.nanoTime());
      this.lane = lane;
    }

    @Override
    public boolean hasRoom() {
      return tasks.size() < max && (tasks.isEmpty() || bytes < maxBytes) && inFlight.size() < maxUnrecorded;
    }

    @Override
    public void add(int index) {
      if (ended.get(index) || inFlight.putIfAbsent(index, where) != null) {
        return;
      }
      running[lane.ordinal()]++;
      Templates.Template template = templates.of(index);
      bytes += template.wireBytes();
      tasks.add(Templates.materialize(template, index));
    }
  }

  /** True while the job has as many unrecorded tasks out as it may (see the constructor). */
  boolean atUnrecordedLimit() {
    return inFlight.size() >= maxUnrecorded;
  }

  /** True when {@link #take} may still find queued tasks of {@code lane}. */
  boolean mayHaveQueued(Lane lane) {
    if (queued(lane) == 0 || atUnrecordedLimit()) {
      return false;
    }
    return queues.get(lane).mayHaveMore() || affinity.hasSetAside(lane);
  }

  /** Tasks of {@code lane} waiting for a worker. */
  int queued(Lane lane) {
    return tally.total(lane) - running[lane.ordinal()] - tally.ended(lane);
  }

  /** Lanes that have tasks queued now. */
  Set<Lane> lanesWithWork() {
    Set<Lane> lanes = EnumSet.noneOf(Lane.class);
    for (Lane lane : Lane.values()) {
      if (queued(lane) > 0) {
        lanes.add(lane);
      }
    }
    return lanes;
  }

  @Override
  public int in(Lane lane) {
    return running[lane.ordinal()];
  }

  /** When task {@code index} was sent to its worker (System.nanoTime), or -1 if not in flight. */
  long dispatchedAt(int index) {
    InFlight task = inFlight.get(index);
    return task == null ? -1 : task.since();
  }

  /** Recorded tasks are no longer in flight. */
  void recorded(RecordedOutcomes outcomes) {
    for (int i = 0; i < outcomes.size(); i++) {
      InFlight task = inFlight.remove(outcomes.index(i));
      if (task != null) {
        running[task.lane().ordinal()]--;
      }
    }
  }

  /** A worker lane is gone: its tasks in flight (or set aside for it) are queued again. Returns how many. */
  int requeue(String owner, Lane lane) {
    int count = 0;
    ArrayDeque<Integer> setAside = affinity.forget(owner);
    if (setAside != null) {
      setAside.forEach(queues.get(lane)::requeue);
      count += setAside.size();
    }
    Iterator<Map.Entry<Integer, InFlight>> entries = inFlight.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Integer, InFlight> entry = entries.next();
      if (entry.getValue().owner().equals(owner)) {
        entries.remove();
        running[lane.ordinal()]--;
        queues.get(lane).requeue(entry.getKey());
        count++;
      }
    }
    return count;
  }

  /** The job was cancelled: nothing is queued or in flight any more. */
  void clear() {
    queues.values().forEach(LaneQueue::clear);
    inFlight.clear();
    affinity.clearSetAside();
    java.util.Arrays.fill(running, 0);
  }
}
