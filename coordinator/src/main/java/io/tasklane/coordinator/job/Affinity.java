package io.tasklane.coordinator.job;

import io.tasklane.protocol.Lane;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Keyed tasks stay on one worker lane: the first worker lane that runs a key owns it, and the
 * key's later tasks met by another worker lane are set aside for the owner. Set-aside tasks were
 * queued, so they are bounded by the job's tasks; another worker lane with room takes them rather
 * than wait (a task never waits for its key's owner while some worker has room).
 */
final class Affinity {

  /** Where {@link Dispenser} puts the tasks it takes. */
  interface Batch {
    boolean hasRoom();

    /** True when the worker lane takes task {@code index} (its node offers its type). */
    boolean accepts(int index);

    void add(int index);
  }

  private static final EnumMap<Lane, String> SUFFIX = new EnumMap<>(Lane.class);

  static {
    for (Lane lane : Lane.values()) {
      SUFFIX.put(lane, '/' + lane.wireName());
    }
  }

  /** Which worker lane ran a key first ("lane|key" -> owner). */
  private final Map<String, String> keyOwner = new HashMap<>();
  /** Keyed tasks set aside for the worker lane that owns their key. */
  private final Map<String, ArrayDeque<Integer>> setAside = new HashMap<>();

  /** Tasks set aside for {@code owner} go to its batch first. */
  void takeOwn(String owner, Batch batch) {
    ArrayDeque<Integer> mine = setAside.get(owner);
    if (mine != null) {
      takeAccepted(mine, batch);
    }
  }

  /** Moves the tasks of {@code from} that the batch accepts into it, while it has room. */
  private static void takeAccepted(ArrayDeque<Integer> from, Batch batch) {
    Iterator<Integer> tasks = from.iterator();
    while (tasks.hasNext() && batch.hasRoom()) {
      int index = tasks.next();
      if (batch.accepts(index)) {
        tasks.remove();
        batch.add(index);
      }
    }
  }

  /**
   * Task {@code index} (of {@code key}) is met by {@code owner}: true when another worker lane
   * owns the key, and the task was set aside for it; false when {@code owner} may take it (it
   * owns the key now if no one did).
   */
  boolean setAsideForOwner(Lane lane, String key, int index, String owner) {
    String preferred = keyOwner.putIfAbsent(lane.wireName() + '|' + key, owner);
    if (preferred == null || preferred.equals(owner)) {
      return false;
    }
    setAside.computeIfAbsent(preferred, o -> new ArrayDeque<>()).addLast(index);
    return true;
  }

  /** A worker lane with room takes what was set aside for the other worker lanes of its lane. */
  void takeOthers(Lane lane, String owner, Batch batch) {
    String suffix = SUFFIX.get(lane);
    for (Map.Entry<String, ArrayDeque<Integer>> other : setAside.entrySet()) {
      if (!batch.hasRoom()) {
        break;
      }
      if (other.getKey().equals(owner) || !other.getKey().endsWith(suffix)) {
        continue;
      }
      takeAccepted(other.getValue(), batch);
    }
  }

  /** True when tasks of {@code lane} are set aside for some worker lane. */
  boolean hasSetAside(Lane lane) {
    String suffix = SUFFIX.get(lane);
    for (Map.Entry<String, ArrayDeque<Integer>> set : setAside.entrySet()) {
      if (set.getKey().endsWith(suffix) && !set.getValue().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Every task set aside in {@code lane}, for whoever. */
  void setAside(Lane lane, IntConsumer each) {
    String suffix = SUFFIX.get(lane);
    setAside.forEach((owner, tasks) -> {
      if (owner.endsWith(suffix)) {
        tasks.forEach(each::accept);
      }
    });
  }

  /** {@code owner} is gone: it owns no key any more; returns what was set aside for it (or null). */
  ArrayDeque<Integer> forget(String owner) {
    keyOwner.values().removeIf(owner::equals);
    return setAside.remove(owner);
  }

  /** Nothing is set aside any more (the job was cancelled). */
  void clearSetAside() {
    setAside.clear();
  }
}
