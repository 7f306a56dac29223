package io.tasklane.client.lib;

/**
 * A task's output could not be mapped to the type the caller asked for (a field of another
 * type, a missing constructor): names the task and the type, with Jackson's reason as cause.
 */
public final class OutputMappingException extends TasklaneException {

  private static final long serialVersionUID = 1L;

  public OutputMappingException(String taskId, Class<?> type, Throwable cause) {
    super("the output of task '" + taskId + "' does not map to " + type.getName() + ": "
        + cause.getMessage(), 0, cause);
  }
}
