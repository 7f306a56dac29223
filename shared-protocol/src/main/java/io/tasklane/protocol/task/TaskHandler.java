package io.tasklane.protocol.task;

import io.tasklane.protocol.Lane;

/**
 * A task type. Implement {@link IoTaskHandler} for work that waits and {@link CpuTaskHandler}
 * for work that computes; publish it with Java's ServiceLoader
 * ({@code META-INF/services/io.tasklane.protocol.task.TaskHandler}) in a jar in the worker's
 * plugin folder. Handlers are shared by all tasks of their type: keep them stateless. A failed
 * attempt is retried while the task has retries left, unless the handler failed it with
 * {@link TaskFailedPermanently}.
 */
public sealed interface TaskHandler permits IoTaskHandler, CpuTaskHandler {

  /** The name job files use in {@code type}. */
  String type();

  /** The lane tasks of this type run in unless a task says otherwise. */
  Lane lane();
}
