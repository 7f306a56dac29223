package io.tasklane.client.lib;

/**
 * Tasks appended to an open job: they are tasks {@code first} … {@code first + tasks - 1} of it,
 * and their results carry those positions as ids.
 *
 * @param repeated true when this append had been taken before under the same idempotency key
 *     (an answer lost on the way): the tasks were not taken twice
 */
public record Appended(String jobId, long first, long tasks, boolean repeated) {

  /** The id of the {@code n}-th appended task's result ({@code n} from 0). */
  public String taskId(int n) {
    return Long.toString(first + n);
  }
}
