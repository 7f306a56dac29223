package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.Lane;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The lane broker: one per cluster (a singleton on the coordinator nodes). Worker lanes offer
 * their free slots to it; it hands each job's pending tasks to the lanes with credit, fairly
 * across jobs.
 */
public final class BrokerProtocol {

  /** The broker registers under this key; worker lanes find it through the receptionist. */
  public static final ServiceKey<Command> SERVICE_KEY =
      ServiceKey.create(Command.class, "tasklane-lane-broker");

  private BrokerProtocol() {}

  public interface Command extends CborSerializable {}

  /**
   * A worker lane joins (or re-joins after a broker change) with no credit outstanding.
   *
   * @param worker the node's address ({@code host:port})
   * @param types the task types this node offers, by name
   * @param nodeUid the incarnation of the lane's node (its actor system's uid, the cluster
   *     member's longUid); 0 when unknown
   */
  public record RegisterLane(
      String worker,
      Lane lane,
      int capacity,
      Map<String, TypeOffer> types,
      ActorRef<LaneProtocol.Command> laneRef,
      long nodeUid)
      implements Command {

    public RegisterLane {
      types = Map.copyOf(types);
    }

    /** A lane whose node's incarnation is not known. */
    public RegisterLane(String worker, Lane lane, int capacity, Map<String, TypeOffer> types,
        ActorRef<LaneProtocol.Command> laneRef) {
      this(worker, lane, capacity, types, laneRef, 0L);
    }
  }

  /**
   * The task types a registered lane's node offers changed (a plugin was added or removed, an
   * {@code auto} type's lane was chosen): they replace what the lane registered with. Credit
   * and tasks in flight are unchanged.
   */
  public record UpdateTypes(ActorRef<LaneProtocol.Command> laneRef, Map<String, TypeOffer> types)
      implements Command {

    public UpdateTypes {
      types = Map.copyOf(types);
    }
  }

  /**
   * The lane stops taking tasks (its node is draining or leaving). Its tasks still in flight
   * are queued again by their jobs; a result that arrives later still counts if it is first.
   */
  public record UnregisterLane(ActorRef<LaneProtocol.Command> laneRef) implements Command {}

  /** The lane has {@code credit} more free slots than it had offered before. */
  public record OfferCredit(ActorRef<LaneProtocol.Command> laneRef, int credit)
      implements Command {}

  /**
   * A job has queued tasks for {@code lane} (sent by the job on submit and on requeue), of these
   * kinds: the broker lends it only the credit of worker lanes that take one of them.
   */
  public record JobHasWork(String jobId, Lane lane, Set<TaskKind> kinds) implements Command {

    public JobHasWork {
      kinds = Set.copyOf(kinds);
    }
  }

  /** A job has nothing queued any more in any lane (it ended or was cancelled). */
  public record JobIdle(String jobId) implements Command {}

  /**
   * A job was cancelled: the broker tells every worker lane it knows, but those in {@code told}
   * (the lanes the job's holder sent tasks to, told by the job itself), to stop the job's tasks.
   * After a failover or a coordinator restart the job's new holder does not know where the old
   * one sent what it had in flight; without this those tasks ran to their end after the cancel.
   */
  public record CancelEverywhere(String jobId, Set<ActorRef<LaneProtocol.Command>> told) implements Command {

    public CancelEverywhere {
      told = Set.copyOf(told);
    }
  }

  /**
   * A job's answer to {@link JobProtocol.PullTasks}: how many tasks it sent on each grant, and
   * how many of the lane's tasks it still has queued, and of which kinds. Credit not used goes
   * back to its lane.
   */
  public record TasksPulled(
      String jobId, Lane lane, List<GrantUsed> grants, int queued, Set<TaskKind> kinds, long pullId)
      implements Command {

    public TasksPulled {
      grants = List.copyOf(grants);
      kinds = Set.copyOf(kinds);
    }
  }

  /** Of a grant of {@code granted} slots on {@code laneRef}, {@code sent} were used. */
  public record GrantUsed(ActorRef<LaneProtocol.Command> laneRef, int granted, int sent)
      implements CborSerializable {}

  /** Asks for the task types the registered workers offer. */
  public record GetCatalog(ActorRef<Catalog> replyTo) implements Command {}

  /**
   * The task types the registered workers offer.
   *
   * @param handlers each type's lane now (one worker's offer), for a task that names no lane
   * @param offers every registered worker's offer of each type, by type name: what inputs are
   *     checked against at submit and what {@code GET /api/types} shows
   * @param auto the types whose handler says {@code lane: auto} (the workers choose their lane)
   */
  public record Catalog(Map<String, Lane> handlers, Map<String, List<WorkerOffer>> offers, Set<String> auto)
      implements CborSerializable {

    @com.fasterxml.jackson.annotation.JsonCreator
    public Catalog {
      handlers = Map.copyOf(handlers);
      offers = offers == null ? Map.of() : offers.entrySet().stream()
          .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
      auto = auto == null ? Set.of() : Set.copyOf(auto);
    }

    /** Lanes only, no offers and no auto types (tests, and callers that only route). */
    public Catalog(Map<String, Lane> handlers) {
      this(handlers, Map.of(), Set.of());
    }

    /** Lanes and offers, no auto types. */
    public Catalog(Map<String, Lane> handlers, Map<String, List<WorkerOffer>> offers) {
      this(handlers, offers, Set.of());
    }

    /** Lanes and auto types, no offers. */
    public Catalog(Map<String, Lane> handlers, Set<String> auto) {
      this(handlers, Map.of(), auto);
    }
  }

  /** One worker's offer of a type ({@code worker} is the node's {@code host:port}). */
  public record WorkerOffer(String worker, TypeOffer offer) implements CborSerializable {}

  /** Asks for every registered lane, for the cluster view. */
  public record GetLanes(ActorRef<Lanes> replyTo) implements Command {}

  public record LaneInfo(String worker, Lane lane, int capacity, int credit, int busy)
      implements CborSerializable {}

  /**
   * @param queued tasks queued per lane, over every job, as last reported by the jobs
   * @param measured what each worker measured of its types (for metrics)
   */
  public record Lanes(List<LaneInfo> lanes, int queuedJobs, Map<Lane, Long> queued, List<MeasuredType> measured)
      implements CborSerializable {

    @com.fasterxml.jackson.annotation.JsonCreator
    public Lanes {
      lanes = List.copyOf(lanes);
      queued = Map.copyOf(queued);
      measured = measured == null ? List.of() : List.copyOf(measured);
    }

    public Lanes(List<LaneInfo> lanes, int queuedJobs, Map<Lane, Long> queued) {
      this(lanes, queuedJobs, queued, List.of());
    }
  }

  /** One worker's figures for one of its types ({@link TypeOffer#measured()}), and the lane it declared. */
  public record MeasuredType(String worker, String type, io.tasklane.spi.LaneChoice declared, TypeOffer.Measured figures)
      implements CborSerializable {}
}
