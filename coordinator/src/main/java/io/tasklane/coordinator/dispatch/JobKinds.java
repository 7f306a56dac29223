package io.tasklane.coordinator.dispatch;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds of tasks each job has queued per lane (as it last said), which kinds the worker
 * lanes of each lane take, and so which of a job's kinds no worker lane takes: those wait, and
 * the job is told when that set changes ({@link #waitingChanges}). An auto kind is queued for
 * both lanes; it waits only when neither lane's workers take it. Plain Java, part of
 * {@link DispatchPolicy}.
 */
final class JobKinds {

  private final EnumMap<Lane, Map<String, Set<TaskKind>>> queued = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Set<TaskKind>> taken = new EnumMap<>(Lane.class);
  /** What each job was last told waits (jobs with nothing waiting are left out). */
  private final Map<String, Set<TaskKind>> told = new HashMap<>();
  /** Jobs whose waiting kinds may have changed since {@link #waitingChanges}. */
  private final Set<String> dirty = new HashSet<>();

  JobKinds() {
    for (Lane lane : Lane.values()) {
      queued.put(lane, new HashMap<>());
      taken.put(lane, Set.of());
    }
  }

  /** The job has these kinds queued for {@code lane} now (none: it has nothing queued there). */
  void report(String jobId, Lane lane, Set<TaskKind> kinds) {
    Set<TaskKind> before = kinds.isEmpty() ? queued.get(lane).remove(jobId) : queued.get(lane).put(jobId, kinds);
    if (before != kinds && (before == null || !before.equals(kinds))) {
      dirty.add(jobId);
    }
  }

  Set<TaskKind> of(String jobId, Lane lane) {
    return queued.get(lane).getOrDefault(jobId, Set.of());
  }

  /** The worker lanes of {@code lane} take these kinds between them now. */
  void taken(Lane lane, Set<TaskKind> kinds) {
    if (!kinds.equals(taken.get(lane))) {
      taken.put(lane, Set.copyOf(kinds));
      dirty.addAll(queued.get(lane).keySet());
      dirty.addAll(told.keySet());
    }
  }

  /** True when some worker lane of {@code lane} takes one of the job's kinds queued there. */
  boolean anyTaken(String jobId, Lane lane) {
    Set<TaskKind> offered = taken.get(lane);
    for (TaskKind kind : of(jobId, lane)) {
      if (offered.contains(kind)) {
        return true;
      }
    }
    return false;
  }

  /** The job ended: forgotten. */
  void forget(String jobId) {
    queued.values().forEach(jobs -> jobs.remove(jobId));
    dirty.remove(jobId);
    told.remove(jobId);
  }

  /** Jobs whose waiting kinds changed since last asked, with what waits now (maybe nothing). */
  Map<String, Set<TaskKind>> waitingChanges() {
    if (dirty.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<TaskKind>> changes = new LinkedHashMap<>();
    for (String jobId : dirty) {
      Set<TaskKind> now = waiting(jobId);
      Set<TaskKind> before = told.getOrDefault(jobId, Set.of());
      if (!now.equals(before)) {
        changes.put(jobId, now);
        if (now.isEmpty()) {
          told.remove(jobId);
        } else {
          told.put(jobId, now);
        }
      }
    }
    dirty.clear();
    return changes;
  }

  /** The job's kinds that no lane it queued them for takes. */
  private Set<TaskKind> waiting(String jobId) {
    Set<TaskKind> candidates = new HashSet<>();
    Set<TaskKind> served = new HashSet<>();
    for (Lane lane : Lane.values()) {
      for (TaskKind kind : of(jobId, lane)) {
        (taken.get(lane).contains(kind) ? served : candidates).add(kind);
      }
    }
    candidates.removeAll(served);
    return Set.copyOf(candidates);
  }
}
