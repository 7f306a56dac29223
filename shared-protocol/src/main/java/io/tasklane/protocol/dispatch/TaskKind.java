package io.tasklane.protocol.dispatch;

import io.tasklane.protocol.CborSerializable;
import java.util.Objects;

/**
 * What a job has queued, as dispatch sees it: tasks of one type, either in a fixed lane (the
 * handler's, or the one the task named) or in the lane the workers chose for the type
 * ({@code auto}: measured on the workers). A worker lane takes a fixed kind when its node offers
 * the type, and an auto kind when its node also chose that lane for the type.
 *
 * @param type the task type's name
 * @param auto true when the lane is the workers' choice
 */
public record TaskKind(String type, boolean auto) implements CborSerializable {

  public TaskKind {
    Objects.requireNonNull(type, "type");
  }

  public static TaskKind fixed(String type) {
    return new TaskKind(type, false);
  }

  public static TaskKind auto(String type) {
    return new TaskKind(type, true);
  }

  /** As users read it: the type, and {@code (lane: auto)} for an auto kind. */
  @Override
  public String toString() {
    return auto ? type + " (lane: auto)" : type;
  }
}
