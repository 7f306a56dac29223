package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import io.tasklane.protocol.dispatch.JobProtocol.ResultsPage;
import io.tasklane.protocol.job.JobSpec;
import io.tasklane.protocol.job.TaskTemplate;
import io.tasklane.protocol.task.TaskOutcome;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one job, as plain Java: which tasks are queued (lazily, per lane), in flight
 * (and on which worker lane), or ended (with their result). The event-sourced entity drives it;
 * it knows nothing of actors or the journal.
 *
 * <p>Results are kept as rendered JSON lines, one string per ended task; a task cancelled before
 * it ran has no line until one is asked for.
 */
public final class JobBook {

  private static final TaskStatus[] STATUSES = TaskStatus.values();

  private final String jobId;
  private final JobSpec spec;
  private final long submittedAt;
  /**
   * One template of the job and what the hot paths need of it, worked out once: its first task,
   * whether its input has the index placeholder, roughly how many bytes one of its tasks takes
   * on the wire, and when its tasks were queued (epoch ms: the submit, or their append).
   */
  private record Template(TaskTemplate spec, int start, boolean placeholder, int wireBytes, long queuedAt,
      byte[] quotedId, byte[] quotedType) {
    Template(TaskTemplate spec, int start, boolean placeholder, int wireBytes, long queuedAt) {
      // the template's id and type as JSON strings, escaped once for all its result lines
      this(spec, start, placeholder, wireBytes, queuedAt,
          spec.id() == null ? null : ResultLines.quoted(spec.id()), ResultLines.quoted(spec.type()));
    }
  }

  /** The job's templates: the spec's, then those appended to an open job. */
  private final List<Template> templates = new ArrayList<>();
  /** Each template's first task (the first {@code templates.size()} entries), for a binary search. */
  private int[] starts = new int[1];
  private int total;
  private int appends;
  /** Appends taken under an idempotency key: key -> where they were numbered, and what they were. */
  private final Map<String, KeyedAppend> appendKeys = new HashMap<>();
  private final EnumMap<Lane, LaneQueue> queues = new EnumMap<>(Lane.class);
  private final int[] laneTotal = new int[Lane.values().length];
  private final int[] laneRunning = new int[Lane.values().length];
  private final int[][] laneEnded = new int[Lane.values().length][STATUSES.length];
  private final BitSet ended;
  private final BitSet succeeded;
  /** Scratch for {@link #firstResults}: duplicates within one batch. Always left empty. */
  private final BitSet seen;
  private final ResultStore results;
  /** Task index -> the worker lane it was sent to and when (System.nanoTime). */
  private final Map<Integer, InFlight> inFlight = new HashMap<>();

  private record InFlight(String owner, long since) {}
  /** Affinity: which worker lane ran a key first ("lane|key" -> owner). */
  private final Map<String, String> keyOwner = new HashMap<>();
  /** Keyed tasks set aside for the worker lane that owns their key. */
  private final Map<String, ArrayDeque<Integer>> deferred = new HashMap<>();
  private final int maxUnrecorded;
  /** Ended tasks in the order they ended (the first {@code endedCount}): followers read it. */
  private int[] endOrder = new int[16];
  /** Takes appended tasks; an open job does not end until it is closed. */
  private boolean open;
  private int endedCount;
  private boolean cancelled;
  private long endedAt;

  public JobBook(String jobId, JobSpec spec, long submittedAt) {
    this(jobId, spec, submittedAt, Integer.MAX_VALUE);
  }

  /**
   * @param maxUnrecorded most tasks sent to workers whose results are not journaled yet; past
   *     it the job takes no more credit until results are recorded (bounds what waits for the
   *     journal anywhere on the way back)
   */
  public JobBook(String jobId, JobSpec spec, long submittedAt, int maxUnrecorded) {
    this.maxUnrecorded = maxUnrecorded;
    this.jobId = jobId;
    this.spec = spec;
    this.submittedAt = submittedAt;
    this.open = spec.open();
    this.ended = new BitSet();
    this.succeeded = new BitSet();
    this.seen = new BitSet();
    this.results = new ResultStore((int) Math.min(Integer.MAX_VALUE, spec.taskCount()));
    for (Lane lane : Lane.values()) {
      queues.put(lane, new LaneQueue());
    }
    addTemplates(spec.tasks(), submittedAt);
  }

  /**
   * Appends tasks to an open job: they are numbered on from its last task and queue behind the
   * ones it has. Returns the index of the first.
   */
  /**
   * Appends under an idempotency key (null for none): the key is remembered
   * with the tasks' {@link #fingerprint} for the job's life (its appends are bounded by
   * tasklane.coordinator.jobs.max-appends), read back from the journal on recovery.
   */
  public int append(List<TaskTemplate> added, long at, String key) {
    if (!open) {
      throw new IllegalStateException("job " + jobId + " is not open for more tasks");
    }
    int first = total;
    addTemplates(added, at);
    appends++;
    if (key != null) {
      appendKeys.put(key, new KeyedAppend(first, total - first, fingerprint(added)));
    }
    return first;
  }

  /** An append taken under a key: its tasks were numbered {@code first} … {@code first + count - 1}. */
  public record KeyedAppend(int first, int count, String fingerprint) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper FINGERPRINT_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The append taken under {@code key}, or null. */
  public KeyedAppend appendedUnder(String key) {
    return appendKeys.get(key);
  }

  /**
   * What tells two appends' tasks apart: SHA-256 of their JSON text. Text, not the trees: a
   * tree read back from the journal may hold a number in another node type than the parsed one.
   */
  public static String fingerprint(List<TaskTemplate> tasks) {
    try {
      // what the tasks are, not where they stood in the request's text
      byte[] json = FINGERPRINT_JSON.writeValueAsBytes(tasks.stream().map(task -> new TaskTemplate(task.id(), task.type(),
          task.lane(), task.input(), task.timeoutMs(), task.retries(), task.key(), task.repeat(), task.foreach(), 0)).toList());
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** How many appends the job has taken. */
  public int appends() {
    return appends;
  }

  /** When task {@code index} was queued (epoch ms): its job's submit, or its append. */
  public long queuedAt(int index) {
    return templateOf(index).queuedAt();
  }

  /** No more tasks: the job ends once those it has ended (at once if they have). */
  public void close(long at) {
    open = false;
    if (isEnded() && endedAt == 0) {
      endedAt = at;
    }
  }

  public boolean isOpen() {
    return open;
  }

  private void addTemplates(List<TaskTemplate> added, long at) {
    for (TaskTemplate template : added) {
      Lane lane = template.lane();
      if (lane == null) {
        throw new IllegalArgumentException("task template " + templates.size() + " has no lane");
      }
      int t = templates.size();
      if (t == starts.length) {
        starts = Arrays.copyOf(starts, t * 2);
      }
      starts[t] = total;
      int end = Math.addExact(total, template.count());
      templates.add(new Template(template, total, template.hasPlaceholder(), estimateWireBytes(template), at));
      queues.get(lane).add(total, end);
      laneTotal[lane.ordinal()] += template.count();
      total = end;
    }
    results.grow(total);
  }

  public String jobId() {
    return jobId;
  }

  public JobSpec spec() {
    return spec;
  }

  public int total() {
    return total;
  }

  /** Lanes that have tasks queued now. */
  public Set<Lane> lanesWithWork() {
    Set<Lane> lanes = new HashSet<>();
    for (Lane lane : Lane.values()) {
      if (!isEnded() && queuedIn(lane) > 0) {
        lanes.add(lane);
      }
    }
    return lanes;
  }

  /**
   * Takes up to {@code max} queued tasks of {@code lane} for {@code owner} (a worker lane) and
   * marks them in flight there.
   */
  public List<TaskSpec> take(Lane lane, int max, String owner) {
    return take(lane, max, Long.MAX_VALUE, owner);
  }

  /**
   * As {@link #take(Lane, int, String)}, and the batch stays under about {@code maxBytes} on the
   * wire (it always holds at least one task), so no message outgrows the transport's frame.
   */
  public List<TaskSpec> take(Lane lane, int max, long maxBytes, String owner) {
    List<TaskSpec> tasks = new ArrayList<>(Math.min(max, 1024));
    if (cancelled) {
      return tasks;
    }
    Batch batch = new Batch(tasks, max, maxBytes, owner, lane);
    // 1. tasks whose key this worker lane ran before
    ArrayDeque<Integer> mine = deferred.get(owner);
    while (mine != null && !mine.isEmpty() && batch.hasRoom()) {
      batch.add(mine.pollFirst());
    }
    // 2. the queue; a keyed task owned by another worker lane is set aside for it (at most as
    // many as this batch may hold, so one pull never walks a whole job)
    LaneQueue queue = queues.get(lane);
    int setAside = 0;
    while (batch.hasRoom() && setAside < max) {
      int index = queue.next(ended);
      if (index < 0) {
        break;
      }
      String key = templateOf(index).spec().key();
      if (key != null) {
        String preferred = keyOwner.putIfAbsent(lane.wireName() + '|' + key, owner);
        if (preferred != null && !preferred.equals(owner)) {
          deferred.computeIfAbsent(preferred, o -> new ArrayDeque<>()).addLast(index);
          setAside++;
          continue;
        }
      }
      batch.add(index);
    }
    // 3. never let a task wait while this worker lane has room: take others' set-aside tasks
    for (Map.Entry<String, ArrayDeque<Integer>> other : deferred.entrySet()) {
      if (!batch.hasRoom()) {
        break;
      }
      if (other.getKey().equals(owner) || !other.getKey().endsWith('/' + lane.wireName())) {
        continue;
      }
      ArrayDeque<Integer> theirs = other.getValue();
      while (!theirs.isEmpty() && batch.hasRoom()) {
        batch.add(theirs.pollFirst());
      }
    }
    return tasks;
  }

  /** One batch being filled for one worker lane. */
  private final class Batch {
    private final List<TaskSpec> tasks;
    private final int max;
    private final long maxBytes;
    private final InFlight where;
    private final Lane lane;
    private long bytes;

    Batch(List<TaskSpec> tasks, int max, long maxBytes, String owner, Lane lane) {
      this.tasks = tasks;
      this.max = max;
      this.maxBytes = maxBytes;
      this.where = new InFlight(owner, System.nanoTime());
      this.lane = lane;
    }

    boolean hasRoom() {
      return tasks.size() < max && (tasks.isEmpty() || bytes < maxBytes) && inFlight.size() < maxUnrecorded;
    }

    void add(int index) {
      if (ended.get(index) || inFlight.putIfAbsent(index, where) != null) {
        return;
      }
      laneRunning[lane.ordinal()]++;
      Template template = templateOf(index);
      bytes += template.wireBytes();
      tasks.add(template.spec().materialize(index, index - template.start(), template.placeholder()));
    }
  }

  private static int estimateWireBytes(TaskTemplate template) {
    int id = template.id() == null ? 8 : template.id().length() + 8;
    int item = template.foreach() != null && template.foreach().lines() != null ? 256 : 0;
    return 48 + id + template.type().length() + template.input().toString().length() + item;
  }

  /** True when {@link #take} may still find queued tasks of {@code lane}. */
  /** True while the job has as many unrecorded tasks out as it may (see the constructor). */
  public boolean atUnrecordedLimit() {
    return inFlight.size() >= maxUnrecorded;
  }

  public boolean mayHaveQueued(Lane lane) {
    if (cancelled || queuedIn(lane) == 0 || atUnrecordedLimit()) {
      return false;
    }
    if (queues.get(lane).mayHaveMore()) {
      return true;
    }
    for (Map.Entry<String, ArrayDeque<Integer>> set : deferred.entrySet()) {
      if (set.getKey().endsWith('/' + lane.wireName()) && !set.getValue().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** When task {@code index} was sent to its worker (System.nanoTime), or -1 if not in flight. */
  public long dispatchedAt(int index) {
    InFlight task = inFlight.get(index);
    return task == null ? -1 : task.since();
  }

  public long submittedAt() {
    return submittedAt;
  }

  /** The lane task {@code index} runs in. */
  public Lane laneOf(int index) {
    return templateOf(index).spec().lane();
  }

  /** The outcomes of a batch that would be recorded: first result of a task wins. */
  public List<TaskOutcome> firstResults(List<TaskOutcome> outcomes) {
    List<TaskOutcome> accepted = new ArrayList<>(outcomes.size());
    for (TaskOutcome outcome : outcomes) {
      int index = outcome.index();
      if (index >= 0 && index < total && !ended.get(index) && !seen.get(index)) {
        seen.set(index);
        accepted.add(outcome);
      }
    }
    for (TaskOutcome outcome : accepted) {
      seen.clear(outcome.index());
    }
    return accepted;
  }

  /** Records outcomes; a task that already ended keeps its first result. */
  public void record(String worker, List<TaskOutcome> outcomes, long at) {
    for (TaskOutcome outcome : outcomes) {
      int index = outcome.index();
      if (index < 0 || index >= total || ended.get(index)) {
        continue;
      }
      Lane lane = laneOf(index);
      ended.set(index);
      if (outcome.status() == TaskStatus.SUCCEEDED) {
        succeeded.set(index);
      }
      noteEnded(index);
      laneEnded[lane.ordinal()][outcome.status().ordinal()]++;
      if (inFlight.remove(index) != null) {
        laneRunning[lane.ordinal()]--;
      }
      results.put(index, outcome.status(), outcome.output(), outcome.error(), outcome.attempts(),
          worker, outcome.thread());
    }
    if (isEnded() && endedAt == 0) {
      endedAt = at;
    }
  }

  /** Every task not ended yet is cancelled; returns the worker lanes that had tasks running. */
  public Set<String> cancel(long at) {
    Set<String> owners = new HashSet<>();
    inFlight.values().forEach(task -> owners.add(task.owner()));
    if (isEnded()) {
      return owners;
    }
    cancelled = true;
    open = false;
    for (Lane lane : Lane.values()) {
      int l = lane.ordinal();
      int open = laneTotal[l] - endedIn(lane);
      laneEnded[l][TaskStatus.CANCELLED.ordinal()] += open;
      laneRunning[l] = 0;
      queues.get(lane).clear();
    }
    inFlight.clear();
    deferred.clear();
    for (int index = ended.nextClearBit(0); index < total; index = ended.nextClearBit(index + 1)) {
      noteEnded(index);
    }
    ended.set(0, total);
    endedAt = at;
    return owners;
  }

  /** A worker lane is gone: its tasks in flight are queued again. Returns how many. */
  public int requeue(String owner, Lane lane) {
    int count = 0;
    keyOwner.values().removeIf(owner::equals);
    ArrayDeque<Integer> setAside = deferred.remove(owner);
    if (setAside != null) {
      setAside.forEach(queues.get(lane)::requeue);
      count += setAside.size();
    }
    Iterator<Map.Entry<Integer, InFlight>> entries = inFlight.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Integer, InFlight> entry = entries.next();
      if (entry.getValue().owner().equals(owner)) {
        entries.remove();
        laneRunning[lane.ordinal()]--;
        queues.get(lane).requeue(entry.getKey());
        count++;
      }
    }
    return count;
  }

  /** After recovery nothing is known to be in flight: every task not ended is queued. */
  public void rewind() {
    inFlight.clear();
    deferred.clear();
    keyOwner.clear();
    Arrays.fill(laneRunning, 0);
    queues.values().forEach(LaneQueue::rewind);
  }

  public boolean isEnded() {
    return !open && endedCount == total;
  }

  private void noteEnded(int index) {
    if (endedCount == endOrder.length) {
      endOrder = Arrays.copyOf(endOrder, (int) Math.min(Integer.MAX_VALUE - 8, endOrder.length * 2L));
    }
    endOrder[endedCount++] = index;
  }

  /** How many tasks have ended (the length of the order {@link #resultsAsEnded} reads). */
  public int endedCount() {
    return endedCount;
  }

  /**
   * Results in the order the tasks ended, from the {@code from}-th ended task on (a follower's
   * cursor), bounded as {@link #results(int, int, boolean, int)}; {@code next} is the cursor to
   * go on from, {@code complete} true once the job has ended and every result was read.
   */
  public ResultsPage resultsAsEnded(int from, int max, boolean failedOnly, int maxBytes) {
    ResultLines text = new ResultLines();
    int position = Math.max(0, from);
    int count = 0;
    while (position < endedCount && count < max && (count == 0 || text.length() < maxBytes)) {
      int index = endOrder[position++];
      if (!failedOnly || !succeeded.get(index)) {
        lineOf(index, text);
        count++;
      }
    }
    return new ResultsPage(text.text(), count, position, isEnded() && position >= endedCount);
  }

  /** How many of tasks {@code from} … {@code to - 1} have not ended. */
  public int notEnded(int from, int to) {
    int count = 0;
    for (int index = ended.nextClearBit(from); index < to; index = ended.nextClearBit(index + 1)) {
      count++;
    }
    return count;
  }

  public JobStatus status() {
    Map<Lane, LaneCounts> lanes = new EnumMap<>(Lane.class);
    boolean allSucceeded = true;
    for (Lane lane : Lane.values()) {
      int l = lane.ordinal();
      int[] e = laneEnded[l];
      lanes.put(lane, new LaneCounts(laneTotal[l], queuedIn(lane), laneRunning[l],
          e[TaskStatus.SUCCEEDED.ordinal()], e[TaskStatus.FAILED.ordinal()],
          e[TaskStatus.TIMED_OUT.ordinal()], e[TaskStatus.CANCELLED.ordinal()]));
      allSucceeded &= e[TaskStatus.SUCCEEDED.ordinal()] == laneTotal[l];
    }
    JobState state;
    if (!isEnded()) {
      state = JobState.running;
    } else if (cancelled) {
      state = JobState.cancelled;
    } else {
      state = allSucceeded ? JobState.succeeded : JobState.failed;
    }
    return new JobStatus(jobId, spec.name(), state, submittedAt, isEnded() ? endedAt : null,
        total, lanes, null, open);
  }

  /** Results of ended tasks from {@code from} on, at most {@code max} of them, in task order. */
  public ResultsPage results(int from, int max) {
    return results(from, max, false, Integer.MAX_VALUE);
  }

  /**
   * As {@link #results(int, int)}; with {@code failedOnly} only tasks that did not succeed. The
   * page ends early once its text reaches {@code maxBytes} (it always holds at least one line):
   * pages travel as one message, and outputs of up to a megabyte each must not make one huge.
   */
  public ResultsPage results(int from, int max, boolean failedOnly, int maxBytes) {
    ResultLines text = new ResultLines();
    int index = Math.max(0, from);
    int count = 0;
    while (index < total && count < max && (count == 0 || text.length() < maxBytes)) {
      index = ended.nextSetBit(index);
      if (index < 0) {
        index = total;
        break;
      }
      if (!failedOnly || !succeeded.get(index)) {
        lineOf(index, text);
        count++;
      }
      index++;
    }
    return new ResultsPage(text.text(), count, index, index >= total);
  }

  /** Tasks of {@code lane} waiting for a worker. */
  public int queued(Lane lane) {
    return isEnded() ? 0 : queuedIn(lane);
  }

  /** Task {@code index}'s result line: {@code {"id", "type", "lane", "status", "output", "error", "attempts", "worker", "thread"}}. */
  private void lineOf(int index, ResultLines out) {
    Template of = templateOf(index);
    TaskTemplate template = of.spec();
    out.ascii("{\"id\":");
    if (template.id() == null) {
      out.ascii("\"").number(index).ascii("\"");
    } else if (template.numbered()) {
      byte[] id = of.quotedId();
      out.raw(id, 0, id.length - 1).ascii("-").number(index - of.start()).ascii("\"");
    } else {
      out.raw(of.quotedId());
    }
    out.ascii(",\"type\":").raw(of.quotedType())
        .ascii(",\"lane\":\"").ascii(template.lane().wireName()).ascii("\"");
    if (results.has(index)) {
      results.writeFields(index, out);
    } else {
      out.ascii(",\"status\":\"").ascii(TaskStatus.CANCELLED.wireName())
          .ascii("\",\"output\":null,\"error\":\"job cancelled\",\"attempts\":0,\"worker\":null,\"thread\":null");
    }
    out.ascii("}\n");
  }

  private int queuedIn(Lane lane) {
    int l = lane.ordinal();
    return laneTotal[l] - laneRunning[l] - endedIn(lane);
  }

  private int endedIn(Lane lane) {
    int sum = 0;
    for (int count : laneEnded[lane.ordinal()]) {
      sum += count;
    }
    return sum;
  }

  private Template templateOf(int index) {
    int found = Arrays.binarySearch(starts, 0, templates.size(), index);
    // several empty templates cannot exist (count >= 1), so an exact match is the template
    return templates.get(found >= 0 ? found : -found - 2);
  }
}
