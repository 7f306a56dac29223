package io.tasklane.coordinator.dispatch;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TaskKind;
import io.tasklane.protocol.dispatch.TypeOffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The kinds of tasks a worker lane takes, from the types its node offers. */
final class OfferedKinds {

  private OfferedKinds() {}

  /**
   * Every offered type in a fixed lane (a task may name either lane), and as auto the types whose
   * lane its node chose is {@code lane} (for a type that is not auto itself: the lane its measured
   * figures chose, or its own lane).
   */
  static Set<TaskKind> taken(Lane lane, Map<String, TypeOffer> offers) {
    Set<TaskKind> kinds = new HashSet<>(offers.size() * 2);
    offers.forEach((type, offer) -> {
      kinds.add(TaskKind.fixed(type));
      if (offer.autoLane() == lane) {
        kinds.add(TaskKind.auto(type));
      }
    });
    return kinds;
  }
}
