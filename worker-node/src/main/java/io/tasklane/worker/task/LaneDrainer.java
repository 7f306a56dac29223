package io.tasklane.worker.task;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/** A lane's drain: not started, draining (who waits, the deadline), or drained. */
final class LaneDrainer {

  private final LaneSetup setup;
  private final Logger log;
  private List<ActorRef<Drained>> waiting;
  private Cancellable deadline;
  private Drained drained;

  LaneDrainer(LaneSetup setup, Logger log) {
    this.setup = setup;
    this.log = log;
  }

  /** True when this starts the drain; otherwise {@code replyTo} waits for (or got) the answer. */
  boolean start(ActorRef<Drained> replyTo, int inFlight) {
    if (drained != null) {
      replyTo.tell(drained);
      return false;
    }
    if (waiting != null) {
      waiting.add(replyTo);
      return false;
    }
    waiting = new ArrayList<>(List.of(replyTo));
    log.info("{} lane of {}: draining: {} tasks in flight, waiting up to {}",
        setup.lane().wireName(), setup.worker(), inFlight, setup.settings().drainTimeout());
    return true;
  }

  void deadline(Cancellable timer) {
    deadline = timer;
  }

  boolean isDraining() {
    return waiting != null && drained == null;
  }

  boolean isDrained() {
    return drained != null;
  }

  void complete(int handedBack) {
    if (deadline != null) {
      deadline.cancel();
    }
    if (handedBack == 0) {
      log.info("{} lane of {}: drained", setup.lane().wireName(), setup.worker());
    } else {
      log.warn("{} lane of {}: drain deadline passed: {} tasks handed back",
          setup.lane().wireName(), setup.worker(), handedBack);
    }
    drained = new Drained(setup.lane(), handedBack);
    waiting.forEach(replyTo -> replyTo.tell(drained));
    waiting.clear();
  }
}
