package io.tasklane.local;

import io.tasklane.client.api.Exit;
import io.tasklane.client.command.CommonOptions;
import io.tasklane.client.state.StateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code local …} command: works on the state dir; an unreadable state dir is exit 2. */
abstract class LocalSubcommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StateDir state = common.stateDir();
    try {
      return run(state, out, err);
    } catch (IOException broken) {
      err.println("cannot use the state dir " + state.root() + ": " + broken);
      return Exit.USAGE;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return Exit.UNREACHABLE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  abstract int run(StateDir state, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException;
}
