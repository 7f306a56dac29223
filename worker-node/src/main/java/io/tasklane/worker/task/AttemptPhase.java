package io.tasklane.worker.task;

import io.tasklane.protocol.task.TaskStatus;

/**
 * What a slot's task is doing between its attempts. Every phase has a token: a message about
 * the slot (an attempt's end, a timer) that carries another token is stale and ignored.
 */
sealed interface AttemptPhase {

  long token();

  /** An attempt runs; its timeout, if the task has one, is pending. */
  record Running(long token, RunningAttempt attempt) implements AttemptPhase {}

  /**
   * The attempt was stopped ({@code reason}: timed out or cancelled) but still holds its thread:
   * the slot stays taken until it lets go or {@code cpu.abandon-after} passes.
   */
  record Stopping(long token, RunningAttempt attempt, TaskStatus reason) implements AttemptPhase {}

  /** The last attempt failed; the next starts when the backoff timer fires. */
  record WaitingToRetry(long token) implements AttemptPhase {}
}
