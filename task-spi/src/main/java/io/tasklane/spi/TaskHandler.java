package io.tasklane.spi;

/**
 * A task type. Implement one of three shapes:
 * <ul>
 *   <li>{@link IoTaskHandler} for work that waits without blocking (returns a stage at once);
 *   <li>{@link CpuTaskHandler} for work that computes (a plain function on a CPU-lane thread);
 *   <li>{@link BlockingTaskHandler} for work that must block a thread while it waits (JDBC, a
 *       blocking SDK): it runs on a virtual thread, never on the I/O lane's dispatcher.
 * </ul>
 * Publish it with Java's ServiceLoader ({@code META-INF/services/io.tasklane.spi.TaskHandler})
 * in a jar: added with {@code tasklane plugins add}, or put in a worker's plugin folder.
 * Handlers are shared by all tasks of their type: keep them stateless. A failed attempt is
 * retried while the task has retries left, unless the handler failed it with
 * {@link TaskFailedPermanently}.
 */
public sealed interface TaskHandler permits IoTaskHandler, CpuTaskHandler, BlockingTaskHandler {

  /** The name job files use in {@code type}. */
  String type();

  /** The lane tasks of this type run in unless a task says otherwise. */
  LaneChoice lane();

  /**
   * The input this type accepts; checked when a job is submitted, so a bad input is refused
   * with the task and field named instead of failing when it runs. Any input by default.
   */
  default InputSchema input() {
    return InputSchema.any();
  }

  /** One line for {@code tasklane types}; empty by default. */
  default String description() {
    return "";
  }
}
