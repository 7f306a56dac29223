package io.tasklane.worker.task;

import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.spi.TaskHandler;
import io.tasklane.protocol.task.TaskSpec;
import org.apache.pekko.actor.typed.ActorRef;

/** A task holding one of the lane's slots, in one {@link AttemptPhase} at a time. */
final class Slot {

  final long id;
  final String jobId;
  final TaskSpec spec;
  final ActorRef<ResultProtocol.Command> resultsTo;
  final TaskHandler handler;

  /** Attempts started so far. */
  int attempts;
  AttemptPhase phase;
  /** The thread of the last attempt that ended; null before one did. */
  String lastThread;
  /**
   * A timer keyed by this slot's id may be pending (a timeout, an abandon or a retry): most tasks
   * never start one, and cancelling one that is not there still costs a lookup per task.
   */
  boolean timerPending;

  Slot(long id, String jobId, TaskSpec spec, ActorRef<ResultProtocol.Command> resultsTo, TaskHandler handler) {
    this.id = id;
    this.jobId = jobId;
    this.spec = spec;
    this.resultsTo = resultsTo;
    this.handler = handler;
  }

  /** The phase, if {@code token} is its token; null when a message with it is stale. */
  AttemptPhase current(long token) {
    return phase != null && phase.token() == token ? phase : null;
  }

  /** The attempt in progress (running or stopping), null while waiting for a retry. */
  RunningAttempt attempt() {
    return switch (phase) {
      case AttemptPhase.Running running -> running.attempt();
      case AttemptPhase.Stopping stopping -> stopping.attempt();
      case AttemptPhase.WaitingToRetry waiting -> null;
    };
  }

  /** Notes the thread of the attempt in progress, if any, as the last one. */
  void noteThread() {
    RunningAttempt attempt = attempt();
    if (attempt != null) {
      lastThread = attempt.thread();
    }
  }
}
