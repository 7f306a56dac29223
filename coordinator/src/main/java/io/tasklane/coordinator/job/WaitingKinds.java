package io.tasklane.coordinator.job;

import io.tasklane.protocol.dispatch.TaskKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/** What a job's status says of its tasks that wait for a worker offering their type. */
final class WaitingKinds {

  private WaitingKinds() {}

  /**
   * One sentence per waiting kind that still has queued tasks, by type name: "12 tasks of type
   * words.count wait for a worker that offers it".
   */
  static List<String> sentences(Set<TaskKind> waiting, ToIntFunction<TaskKind> queued) {
    List<TaskKind> kinds = new ArrayList<>(waiting);
    kinds.sort(Comparator.comparing(TaskKind::type).thenComparing(TaskKind::auto));
    List<String> sentences = new ArrayList<>(kinds.size());
    for (TaskKind kind : kinds) {
      int count = queued.applyAsInt(kind);
      if (count > 0) {
        sentences.add(count + (count == 1 ? " task" : " tasks") + " of type " + kind.type()
            + (kind.auto() ? " (lane: auto)" : "") + (count == 1 ? " waits" : " wait")
            + " for a worker that offers it");
      }
    }
    return sentences;
  }
}
