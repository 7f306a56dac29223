package io.tasklane.client.command;

import io.tasklane.client.api.ApiClient;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the coordinator: connects, runs, and turns an
 * {@link ApiException} into its message on stderr and its exit code.
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
      out.flush();
      failed.errorLines().forEach(err::println);
      err.flush();
      return failed.exitCode();
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Checks what can be checked before connecting (a job file); nothing by default. */
  protected void checkArguments() throws ApiException {
  }

  /** The command's work; returns the exit code ({@link Exit}). */
  protected abstract int run(ApiClient api, PrintWriter out, PrintWriter err) throws ApiException;
}
