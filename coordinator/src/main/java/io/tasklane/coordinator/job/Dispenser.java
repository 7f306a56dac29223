package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import io.tasklane.protocol.task.TaskSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands a job's queued tasks to worker lanes and knows which are in flight where. Transient: a
 * recovered job gets a new one, which queues every task without a result. Tasks in flight are
 * bounded by {@code maxUnrecorded}. Tasks queue by kind ({@link TaskKind}): per lane and type,
 * or per type for auto tasks (they go to whichever lane a worker chose for the type); a worker
 * lane is only given tasks of the kinds its grant names, which the broker chose from the types
 * its node offers. The queues hold ranges, not tasks (see {@link LaneQueue}).
 */
final class Dispenser implements JobLedger.Running {

  /** The worker lane a task was sent to, in which lane, and when (System.nanoTime); one per batch. */
  private record InFlight(String owner, Lane lane, long since) {}

  private final Templates templates;
  private final LaneTally tally;
  private final BitSet ended;
  private final int maxUnrecorded;
  /** Fixed-lane tasks by lane and type. */
  private final EnumMap<Lane, Map<String, LaneQueue>> fixed = new EnumMap<>(Lane.class);
  /** Auto tasks by type. */
  private final Map<String, LaneQueue> auto = new HashMap<>();
  /** How many of the job's templates joined the queues (an open job's appends come later). */
  private int queuedTemplates;
  private final Map<Integer, InFlight> inFlight = new HashMap<>();
  private final int[] running = new int[Lane.values().length];
  private final Affinity affinity = new Affinity();
  /** Turns the kind a grant of several kinds is served from first, so that none starves. */
  private int turn;

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
      fixed.put(lane, new HashMap<>(4));
    }
    queueNew();
  }

  /** Templates added to the ledger since (an append) join their kind's queue, behind the rest. */
  void queueNew() {
    for (; queuedTemplates < templates.count(); queuedTemplates++) {
      Templates.Template template = templates.get(queuedTemplates);
      queueOf(template).add(template.start(), template.end());
    }
  }

  private LaneQueue queueOf(Templates.Template template) {
    Map<String, LaneQueue> queues = template.auto() ? auto : fixed.get(template.lane());
    return queues.computeIfAbsent(template.spec().type(), type -> new LaneQueue());
  }

  private LaneQueue queue(Lane lane, TaskKind kind) {
    return kind.auto() ? auto.get(kind.type()) : fixed.get(lane).get(kind.type());
  }

  /**
   * Takes up to {@code max} queued tasks of {@code kinds} for {@code owner} (a worker lane of
   * {@code lane}), in a batch of about {@code maxBytes} at most on the wire (it always holds at
   * least one task), and marks them in flight there.
   */
  List<TaskSpec> take(Lane lane, Set<TaskKind> kinds, int max, long maxBytes, String owner) {
    List<TaskSpec> tasks = new ArrayList<>(Math.min(max, 1024));
    Filling batch = new Filling(tasks, max, maxBytes, owner, lane, kinds);
    // 1. tasks whose key this worker lane ran before
    affinity.takeOwn(owner, batch);
    // 2. the queues; a keyed task owned by another worker lane is set aside for it (at most as
    // many as this batch may hold, so one pull never walks a whole job)
    TaskKind[] order = kinds.toArray(TaskKind[]::new);
    int first = order.length > 1 ? Math.floorMod(turn++, order.length) : 0;
    int setAside = 0;
    for (int k = 0; k < order.length && batch.hasRoom() && setAside < max; k++) {
      LaneQueue queue = queue(lane, order[(first + k) % order.length]);
      while (queue != null && batch.hasRoom() && setAside < max) {
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
    private final Set<TaskKind> kinds;
    private long bytes;

    Filling(List<TaskSpec> tasks, int max, long maxBytes, String owner, Lane lane, Set<TaskKind> kinds) {
      this.tasks = tasks;
      this.max = max;
      this.maxBytes = maxBytes;
      this.where = new InFlight(owner, lane, System.nanoTime());
      this.lane = lane;
      this.kinds = kinds;
    }

    @Override
    public boolean hasRoom() {
      return tasks.size() < max && (tasks.isEmpty() || bytes < maxBytes) && inFlight.size() < maxUnrecorded;
    }

    @Override
    public boolean accepts(int index) {
      Templates.Template template = templates.of(index);
      return (template.auto() || template.lane() == lane)
          && kinds.contains(new TaskKind(template.spec().type(), template.auto()));
    }

    @Override
    public void add(int index) {
      if (ended.get(index) || inFlight.putIfAbsent(index, where) != null) {
        return;
      }
      running[lane.ordinal()]++;
      Templates.Template template = templates.of(index);
      if (template.auto()) {
        Lane counted = templates.autoLane(index);
        if (counted != lane) {
          templates.moveAuto(index, lane);
          tally.move(counted, lane);
        }
      }
      bytes += template.wireBytes();
      tasks.add(Templates.materialize(template, index, lane));
    }
  }

  /** True while the job has as many unrecorded tasks out as it may (see the constructor). */
  boolean atUnrecordedLimit() {
    return inFlight.size() >= maxUnrecorded;
  }

  /**
   * The kinds {@link #take} may still find queued for {@code lane}: its fixed kinds, and every
   * auto kind (an auto task may go to either lane). Empty at the unrecorded limit.
   */
  Set<TaskKind> kindsQueued(Lane lane) {
    if (atUnrecordedLimit()) {
      return Set.of();
    }
    Set<TaskKind> kinds = new HashSet<>(4);
    if (queued(lane) > 0) {
      fixed.get(lane).forEach((type, queue) -> {
        if (queue.mayHaveMore()) {
          kinds.add(TaskKind.fixed(type));
        }
      });
    }
    auto.forEach((type, queue) -> {
      if (queue.mayHaveMore()) {
        kinds.add(TaskKind.auto(type));
      }
    });
    if (affinity.hasSetAside(lane)) {
      affinity.setAside(lane, index -> {
        Templates.Template template = templates.of(index);
        kinds.add(new TaskKind(template.spec().type(), template.auto()));
      });
    }
    return kinds;
  }

  /** Per lane, the kinds queued there now (lanes without any left out). */
  Map<Lane, Set<TaskKind>> work() {
    Map<Lane, Set<TaskKind>> work = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      Set<TaskKind> kinds = kindsQueued(lane);
      if (!kinds.isEmpty()) {
        work.put(lane, kinds);
      }
    }
    return work;
  }

  /** Tasks of {@code kind} waiting for a worker (counted, for the job's status: not a hot path). */
  int queuedOf(TaskKind kind) {
    int count = 0;
    if (kind.auto()) {
      LaneQueue queue = auto.get(kind.type());
      count += queue == null ? 0 : queue.remaining(ended);
    } else {
      for (Map<String, LaneQueue> queues : fixed.values()) {
        LaneQueue queue = queues.get(kind.type());
        count += queue == null ? 0 : queue.remaining(ended);
      }
    }
    return count;
  }

  /** Tasks of {@code lane} waiting for a worker. */
  int queued(Lane lane) {
    return tally.total(lane) - running[lane.ordinal()] - tally.ended(lane);
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
      setAside.forEach(index -> queueOf(templates.of(index)).requeue(index));
      count += setAside.size();
    }
    Iterator<Map.Entry<Integer, InFlight>> entries = inFlight.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Integer, InFlight> entry = entries.next();
      if (entry.getValue().owner().equals(owner)) {
        entries.remove();
        running[lane.ordinal()]--;
        queueOf(templates.of(entry.getKey())).requeue(entry.getKey());
        count++;
      }
    }
    return count;
  }

  /** The job was cancelled: nothing is queued or in flight any more. */
  void clear() {
    fixed.values().forEach(queues -> queues.values().forEach(LaneQueue::clear));
    auto.values().forEach(LaneQueue::clear);
    inFlight.clear();
    affinity.clearSetAside();
    java.util.Arrays.fill(running, 0);
  }
}
