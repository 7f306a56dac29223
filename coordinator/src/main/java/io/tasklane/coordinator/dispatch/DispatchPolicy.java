package io.tasklane.coordinator.dispatch;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who gets which worker credit, as plain Java. Worker lanes offer credit; jobs with queued
 * tasks wait in a round-robin per lane; {@link #plan} lends each lane's credit to the ready
 * jobs in even shares (at most {@code maxBatch} per grant) and returns the pulls to send. A job
 * has at most one pull outstanding per lane; credit a pull did not use comes back with
 * {@link #pulled}. Credit is never lent twice, and never beyond what the lane offered.
 *
 * <p>Types: a worker lane takes only some {@linkplain TaskKind kinds} of tasks (the types its
 * node offers, and the auto types its node chose that lane for). Its credit goes only to jobs
 * with one of those kinds queued, and each grant names the kinds it is for. A job whose queued
 * kinds no worker lane takes is parked, not polled: {@link #waitingChanges} says which jobs to
 * tell, and it is ready again as soon as a worker lane that takes them (re)joins.
 *
 * @param <R> how a worker lane is addressed (an ActorRef in the broker, a string in tests)
 */
public final class DispatchPolicy<R> {

  /** One worker lane as the broker knows it. */
  public static final class LaneEntry<R> {
    final R ref;
    final String worker;
    final Lane lane;
    final int capacity;
    int credit;
    Set<TaskKind> takes = Set.of();
    final Set<String> jobsSeen = new HashSet<>();

    LaneEntry(R ref, String worker, Lane lane, int capacity) {
      this.ref = ref;
      this.worker = worker;
      this.lane = lane;
      this.capacity = capacity;
    }

    public R ref() {
      return ref;
    }

    public String worker() {
      return worker;
    }

    public Lane lane() {
      return lane;
    }

    public int capacity() {
      return capacity;
    }

    public int credit() {
      return credit;
    }

    /** The kinds of tasks it takes. */
    public Set<TaskKind> takes() {
      return takes;
    }

    /** Jobs that sent tasks to this lane (told when the lane is lost). */
    public Set<String> jobsSeen() {
      return jobsSeen;
    }
  }

  public record Grant<R>(R ref, String worker, int max, Set<TaskKind> kinds) {}

  public record Pull<R>(String jobId, Lane lane, List<Grant<R>> grants) {}

  public record Used<R>(R ref, int granted, int sent) {}

  private final int maxBatch;
  private final Map<R, LaneEntry<R>> lanes = new LinkedHashMap<>();
  private final EnumMap<Lane, ArrayDeque<String>> ready = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Set<String>> pulling = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Integer> rotation = new EnumMap<>(Lane.class);
  /** Jobs with work in a lane that no worker lane of it takes now. */
  private final EnumMap<Lane, Set<String>> parked = new EnumMap<>(Lane.class);
  private final JobKinds kinds = new JobKinds();

  public DispatchPolicy(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1");
    }
    this.maxBatch = maxBatch;
    for (Lane lane : Lane.values()) {
      ready.put(lane, new ArrayDeque<>());
      pulling.put(lane, new HashSet<>());
      rotation.put(lane, 0);
      parked.put(lane, new HashSet<>());
    }
  }

  /** A lane (re)joins with no credit. Returns false if it was known already. */
  public boolean register(R ref, String worker, Lane lane, int capacity) {
    LaneEntry<R> known = lanes.get(ref);
    if (known != null) {
      known.credit = 0;
      return false;
    }
    lanes.put(ref, new LaneEntry<>(ref, worker, lane, capacity));
    return true;
  }

  /** The lane, or null if unknown. */
  public LaneEntry<R> lane(R ref) {
    return lanes.get(ref);
  }

  /** Forgets a lane; returns it (for the jobs to tell), or null if unknown. */
  public LaneEntry<R> remove(R ref) {
    LaneEntry<R> entry = lanes.remove(ref);
    if (entry != null) {
      lanesChanged(entry.lane);
    }
    return entry;
  }

  /** The lane takes tasks of these kinds from now on (it registered, or its node's types changed). */
  public void takes(R ref, Set<TaskKind> taken) {
    LaneEntry<R> entry = lanes.get(ref);
    if (entry != null) {
      entry.takes = Set.copyOf(taken);
      lanesChanged(entry.lane);
    }
  }

  /** What the lane's worker lanes take changed: parked jobs may be ready, ready ones parked. */
  private void lanesChanged(Lane lane) {
    Set<TaskKind> taken = new HashSet<>();
    for (LaneEntry<R> entry : lanes.values()) {
      if (entry.lane == lane) {
        taken.addAll(entry.takes);
      }
    }
    kinds.taken(lane, taken);
    ready.get(lane).removeIf(job -> {
      boolean park = !kinds.anyTaken(job, lane);
      if (park) {
        parked.get(lane).add(job);
      }
      return park;
    });
    parked.get(lane).removeIf(job -> {
      boolean unpark = kinds.anyTaken(job, lane);
      if (unpark) {
        ready.get(lane).addLast(job);
      }
      return unpark;
    });
  }

  /** The lane has {@code credit} more free slots; the total never exceeds its capacity. */
  public void offer(R ref, int credit) {
    LaneEntry<R> entry = lanes.get(ref);
    if (entry != null && credit > 0) {
      entry.credit = Math.min(entry.capacity, entry.credit + credit);
    }
  }

  /** The job has tasks of {@code queued} kinds for {@code lane} (none: nothing any more). */
  public void jobHasWork(String jobId, Lane lane, Set<TaskKind> queued) {
    kinds.report(jobId, lane, queued);
    if (pulling.get(lane).contains(jobId)) {
      return; // its answer says what it has left
    }
    if (queued.isEmpty()) {
      ready.get(lane).remove(jobId);
      parked.get(lane).remove(jobId);
    } else if (kinds.anyTaken(jobId, lane)) {
      if (parked.get(lane).remove(jobId) || !ready.get(lane).contains(jobId)) {
        ready.get(lane).addLast(jobId);
      }
    } else {
      ready.get(lane).remove(jobId);
      parked.get(lane).add(jobId);
    }
  }

  /**
   * A job answered a pull: unused credit goes back; the job is ready again if it has more of
   * {@code queued} kinds.
   */
  public void pulled(String jobId, Lane lane, List<Used<R>> used, Set<TaskKind> queued) {
    pulling.get(lane).remove(jobId);
    for (Used<R> use : used) {
      LaneEntry<R> entry = lanes.get(use.ref());
      if (entry == null) {
        continue;
      }
      int unused = Math.max(0, use.granted() - use.sent());
      entry.credit = Math.min(entry.capacity, entry.credit + unused);
      if (use.sent() > 0) {
        entry.jobsSeen.add(jobId);
      }
    }
    jobHasWork(jobId, lane, queued);
  }

  /** {@code used} slots of the lane were taken by tasks its credit had not accounted for. */
  public void consume(R ref, int used) {
    LaneEntry<R> entry = lanes.get(ref);
    if (entry != null && used > 0) {
      entry.credit = Math.max(0, entry.credit - used);
    }
  }

  /** A job ended: no lane needs to tell it of a loss any more, and it waits for nothing. */
  public void forgetJob(String jobId) {
    for (LaneEntry<R> entry : lanes.values()) {
      entry.jobsSeen.remove(jobId);
    }
    kinds.forget(jobId);
    parked.values().forEach(jobs -> jobs.remove(jobId));
  }

  /**
   * Jobs whose queued kinds that no worker lane takes changed since last asked, with those kinds
   * now (empty: none waits any more): the broker tells each.
   */
  public Map<String, Set<TaskKind>> waitingChanges() {
    return kinds.waitingChanges();
  }

  /** Lends the credit of {@code lane}'s workers to its ready jobs; returns the pulls to send. */
  public List<Pull<R>> plan(Lane lane) {
    ArrayDeque<String> waiting = ready.get(lane);
    if (waiting.isEmpty()) {
      return List.of();
    }
    List<LaneEntry<R>> withCredit = new ArrayList<>();
    for (LaneEntry<R> entry : lanes.values()) {
      if (entry.lane == lane && entry.credit > 0) {
        withCredit.add(entry);
      }
    }
    if (withCredit.isEmpty()) {
      return List.of();
    }
    List<String> jobs = new ArrayList<>(waiting);
    waiting.clear();
    Map<String, List<Grant<R>>> grants = new LinkedHashMap<>();
    int turn = rotation.get(lane);
    List<String> eligible = new ArrayList<>(jobs.size());
    for (LaneEntry<R> entry : withCredit) {
      eligible.clear();
      for (String job : jobs) {
        if (takesAny(entry, kinds.of(job, lane))) {
          eligible.add(job);
        }
      }
      if (eligible.isEmpty()) {
        continue;
      }
      int share = Math.min(maxBatch, Math.max(1, ceilDiv(entry.credit, eligible.size())));
      for (int k = 0; k < eligible.size() && entry.credit > 0; k++) {
        String job = eligible.get(Math.floorMod(turn + k, eligible.size()));
        int amount = Math.min(share, entry.credit);
        entry.credit -= amount;
        // remembered now, not when the job answers: if the lane dies before that, the job must
        // still hear of it, or the tasks it sent would stay in flight for ever
        entry.jobsSeen.add(job);
        grants.computeIfAbsent(job, j -> new ArrayList<>())
            .add(new Grant<>(entry.ref, entry.worker, amount, taken(entry, kinds.of(job, lane))));
      }
      turn++;
    }
    rotation.put(lane, turn);
    List<Pull<R>> pulls = new ArrayList<>(grants.size());
    Set<String> granted = new LinkedHashSet<>(grants.keySet());
    for (String job : jobs) {
      if (granted.contains(job)) {
        pulling.get(lane).add(job);
        pulls.add(new Pull<>(job, lane, grants.get(job)));
      } else {
        waiting.addLast(job);
      }
    }
    return pulls;
  }

  /** A pull that got no answer: its credit goes back and the job may be asked again. */
  public void pullLost(Pull<R> pull) {
    List<Used<R>> unused = new ArrayList<>();
    for (Grant<R> grant : pull.grants()) {
      unused.add(new Used<>(grant.ref(), grant.max(), 0));
    }
    pulled(pull.jobId(), pull.lane(), unused, kinds.of(pull.jobId(), pull.lane()));
  }

  private static boolean takesAny(LaneEntry<?> entry, Set<TaskKind> queued) {
    for (TaskKind kind : queued) {
      if (entry.takes.contains(kind)) {
        return true;
      }
    }
    return false;
  }

  /** Of the job's queued kinds, those the lane takes (the job's own set when it takes them all). */
  private static Set<TaskKind> taken(LaneEntry<?> entry, Set<TaskKind> queued) {
    if (entry.takes.containsAll(queued)) {
      return queued;
    }
    Set<TaskKind> both = new HashSet<>(queued);
    both.retainAll(entry.takes);
    return both;
  }

  public List<LaneEntry<R>> lanes() {
    return List.copyOf(lanes.values());
  }

  public int readyJobs() {
    int count = 0;
    for (Lane lane : Lane.values()) {
      count += ready.get(lane).size() + pulling.get(lane).size() + parked.get(lane).size();
    }
    return count;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
