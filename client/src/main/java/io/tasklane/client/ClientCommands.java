package io.tasklane.client;

import io.tasklane.client.cluster.ClusterCommand;
import io.tasklane.client.job.CancelCommand;
import io.tasklane.client.job.JobsCommand;
import io.tasklane.client.job.ResultsCommand;
import io.tasklane.client.job.StatusCommand;
import io.tasklane.client.job.SubmitCommand;
import io.tasklane.client.plugin.PluginsCommand;
import io.tasklane.client.types.TypesCommand;
import io.tasklane.client.watch.WatchCommand;
import java.util.List;

/**
 * The client's commands that talk to the coordinator, for the top-level {@code tasklane} command
 * to add: {@code ClientCommands.all().forEach(cmd::addSubcommand)}, then {@code local} (module
 * local-cluster) and {@link CompletionCommand} last. A new command is one class plus one line here.
 */
public final class ClientCommands {

  private ClientCommands() {
  }

  /** Fresh instances of the client's API commands (picocli {@code @Command} objects). */
  public static List<Object> all() {
    return List.of(
        new SubmitCommand(),
        new StatusCommand(),
        new ResultsCommand(),
        new WatchCommand(),
        new CancelCommand(),
        new JobsCommand(),
        new ClusterCommand(),
        new PluginsCommand(),
        new TypesCommand());
  }
}
