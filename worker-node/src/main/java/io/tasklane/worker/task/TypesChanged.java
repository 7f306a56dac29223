package io.tasklane.worker.task;

import io.tasklane.protocol.dispatch.LaneProtocol;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * Tells a lane (on its node) that the registry's types changed (a plugin version was loaded or
 * removed): the lane tells its broker the new offers ({@code UpdateTypes}).
 */
public enum TypesChanged implements LaneProtocol.Command, NoSerializationVerificationNeeded {
  INSTANCE
}
