package io.tasklane.worker.task;

import io.tasklane.spi.TaskHandler;
import java.util.List;

/**
 * One plugin version's handlers, as the worker's plugin sync hands them to the registry. Its
 * types are offered as {@code type@version} and, for the newest version of its name, as
 * {@code type}.
 *
 * @param source how type offers name it: {@code plugin NAME VERSION (sha256:…)}
 */
public record PluginHandlers(String name, String version, String source, List<TaskHandler> handlers) {

  public PluginHandlers {
    handlers = List.copyOf(handlers);
  }
}
