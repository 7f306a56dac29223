package io.tasklane.worker.task;

import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.LaneProtocol;
import java.util.Comparator;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The lane's side of the credit protocol: which broker it serves and how much credit that
 * broker holds but has not used yet ({@code offered}).
 */
final class BrokerLink {

  private final LaneSetup setup;
  private final ActorRef<LaneProtocol.Command> self;
  private final Logger log;
  private final long nodeUid;
  private ActorRef<BrokerProtocol.Command> broker;
  private int offered;
  private boolean closed;

  /** @param nodeUid this node's incarnation (its actor system's uid), told to the broker */
  BrokerLink(LaneSetup setup, ActorRef<LaneProtocol.Command> self, Logger log, long nodeUid) {
    this.nodeUid = nodeUid;
    this.setup = setup;
    this.self = self;
    this.log = log;
  }

  /** Tasks arrived: they used up that much of the credit. */
  void used(int tasks) {
    offered = Math.max(0, offered - tasks);
  }

  /** The receptionist's brokers changed: (re-)register with a new one and offer the free slots. */
  void brokersChanged(Set<ActorRef<BrokerProtocol.Command>> brokers, int capacity, int busy) {
    if (brokers.isEmpty()) {
      if (broker != null) {
        log.info("{} lane: broker {} is gone", setup.lane().wireName(), broker);
      }
      broker = null;
      offered = 0;
      return;
    }
    if (broker != null && brokers.contains(broker)) {
      return;
    }
    broker = brokers.stream().min(Comparator.comparing(ref -> ref.path().toString())).orElseThrow();
    offered = 0;
    if (closed) {
      return; // draining: a new broker gets no registration, only the final UnregisterLane
    }
    log.info("{} lane of {}: registering with broker {}", setup.lane().wireName(), setup.worker(), broker);
    broker.tell(new BrokerProtocol.RegisterLane(
        setup.worker(), setup.lane(), setup.capacity(), setup.measuring().choices().offers(), self, nodeUid));
    offerFree(capacity, busy);
  }

  /** The node's offers changed (a choice of lane, figures): the broker is told. */
  void typesChanged() {
    if (broker != null && !closed) {
      broker.tell(new BrokerProtocol.UpdateTypes(self, setup.measuring().choices().offers()));
    }
  }

  /** Never offers credit again (the lane is draining); tasks already granted still come. */
  void close() {
    closed = true;
  }

  /** Tells the broker the lane is gone, so the jobs requeue its tasks still in flight. */
  void unregister() {
    closed = true;
    if (broker == null) {
      log.warn("{} lane of {}: no broker to unregister from", setup.lane().wireName(), setup.worker());
      return;
    }
    broker.tell(new BrokerProtocol.UnregisterLane(self));
  }

  /** Offers the slots that are neither busy nor already offered, out of {@code capacity}. */
  void offerFree(int capacity, int busy) {
    if (broker == null || closed) {
      return;
    }
    int free = capacity - busy - offered;
    if (free > 0) {
      offered += free;
      broker.tell(new BrokerProtocol.OfferCredit(self, free));
    }
  }
}
