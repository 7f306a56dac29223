package io.tasklane.client.command;

import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.lib.TasklaneException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the coordinator through the client library: connects, runs, and
 * turns an {@link ApiException} (or the library's {@link TasklaneException}, mapped by
 * {@link ApiException#of}) into its message on stderr and its exit code.
 */
public abstract class ApiCommand implements Callable<Integer> {

  @Mixin
  protected CommonOptions common;

  @Mixin
  protected ServerOptions serverOptions;

  @Spec
  protected CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      checkArguments();
      return run(serverOptions.connect(common.stateDir()), out, err);
    } catch (ApiException failed) {
      return report(failed, out, err);
    } catch (TasklaneException failed) {
      return report(ApiException.of(failed), out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Prints the failure on stderr, after what went to stdout; returns its exit code. */
  public static int report(ApiException failed, PrintWriter out, PrintWriter err) {
    out.flush();
    failed.errorLines().forEach(err::println);
    err.flush();
    return failed.exitCode();
  }

  /** Checks what can be checked before connecting (a job file); nothing by default. */
  protected void checkArguments() throws ApiException {
  }

  /** The command's work; returns the exit code ({@link Exit}). */
  protected abstract int run(TasklaneClient tasklane, PrintWriter out, PrintWriter err) throws ApiException;
}
