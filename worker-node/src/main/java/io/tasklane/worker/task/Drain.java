package io.tasklane.worker.task;

import io.tasklane.protocol.dispatch.LaneProtocol;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Asks a lane (on its node) to drain: offer no more credit, let the tasks in flight finish
 * within {@code tasklane.worker.drain-timeout}, send their results, then unregister from the
 * broker (the jobs requeue what still runs) and stop what still runs. Asking again after the
 * drain answers at once with the same {@link Drained}.
 */
public record Drain(ActorRef<Drained> replyTo) implements LaneProtocol.Command, NoSerializationVerificationNeeded {}
