package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * A lane drained: it unregistered from the broker.
 *
 * @param handedBack tasks still in flight at the drain deadline, left to their jobs to requeue
 */
public record Drained(Lane lane, int handedBack) implements NoSerializationVerificationNeeded {}
