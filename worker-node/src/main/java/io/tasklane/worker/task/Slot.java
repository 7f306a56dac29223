package io.tasklane.worker.task;

import io.tasklane.protocol.dispatch.ResultProtocol;
import io.tasklane.protocol.task.TaskHandler;
import io.tasklane.protocol.task.TaskSpec;
import io.tasklane.protocol.task.TaskStatus;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;

/** A task holding one of the lane's slots: running, stopping, or waiting for its retry. */
final class Slot {

  final long id;
  final String jobId;
  final TaskSpec spec;
  final ActorRef<ResultProtocol.Command> resultsTo;
  final TaskHandler handler;

  /** Attempts started so far. */
  int attempt;
  /** The current attempt's (or pending retry's) token; messages with another token are stale. */
  long token;
  /** The attempt in progress; null while waiting for a retry. */
  RunningAttempt running;
  /** The attempt's timeout or the pending retry. */
  Cancellable timer;
  /** Set while a stopped attempt still holds its thread: why it was stopped. */
  TaskStatus stopping;
  /** The thread of the last attempt. */
  String thread;

  Slot(long id, String jobId, TaskSpec spec, ActorRef<ResultProtocol.Command> resultsTo, TaskHandler handler) {
    this.id = id;
    this.jobId = jobId;
    this.spec = spec;
    this.resultsTo = resultsTo;
    this.handler = handler;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
