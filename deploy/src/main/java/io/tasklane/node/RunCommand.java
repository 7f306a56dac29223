package io.tasklane.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.ApiException;
import io.tasklane.client.api.Exit;
import io.tasklane.client.command.ServerOptions;
import io.tasklane.client.job.JobSession;
import io.tasklane.client.job.LocalValidation;
import io.tasklane.client.lib.TasklaneClient;
import io.tasklane.client.output.OutputFormat;
import io.tasklane.coordinator.CoordinatorGuardian;
import io.tasklane.local.Tokens;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tasklane run FILE}: an embedded cluster in this JVM (coordinator and worker roles, an
 * in-memory journal, a random token, HTTP on a free loopback port), runs the job through the
 * same API the client uses, prints the results, stops. {@code exec} tasks are allowed: the job
 * runs on the user's own machine, as the user.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a job on an embedded one-process cluster and print its results.",
    footer = {"", "Example:", "  tasklane run examples/quickstart.yaml", "  tasklane run examples/quickstart.yaml -o json",
        Exit.CODES_FOOTER})
public final class RunCommand implements Callable<Integer> {

  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Parameters(paramLabel = "FILE", description = "The job file (YAML or JSON).")
  Path file;

  @Option(names = {"-o", "--output"}, defaultValue = "table", converter = OutputFormat.Converter.class,
      description = "table or json (default ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() throws Exception {
    try {
      LocalValidation.refuseOpen(LocalValidation.check(file), file.getFileName().toString(), "tasklane run");
    } catch (ApiException invalid) {
      invalid.errorLines().forEach(System.err::println);
      return invalid.exitCode();
    }
    String token = Tokens.generate();
    ClusterNode node = ClusterNode.start(new ClusterNode.Options("127.0.0.1", 0, List.of(),
        Set.of(CoordinatorGuardian.ROLE, ClusterNode.WORKER_ROLE),
        Map.of("tasklane.coordinator.http.port", 0,
            "tasklane.coordinator.http.token", token,
            "tasklane.coordinator.data-dir", "",
            ClusterNode.EXEC_ALLOW, "all"), // the user's own machine: exec tasks run as the user
        false));
    try {
      InetSocketAddress http = node.httpBound().get(STARTUP.toSeconds(), TimeUnit.SECONDS);
      TasklaneClient api = TasklaneClient.builder().server("http://127.0.0.1:" + http.getPort()).token(token)
          .retry(ServerOptions.ONE_ATTEMPT).build();
      awaitWorkerLanes(api);
      return JobSession.submitAndWait(api, file, format, System.out, System.err);
    } finally {
      node.system().terminate();
      node.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The embedded worker registers its lanes with the broker shortly after start. */
  private static void awaitWorkerLanes(TasklaneClient api) throws ApiException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      JsonNode cluster = api.cluster();
      if (cluster.path("lanes").size() >= 2) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ApiException(Exit.UNREACHABLE, "the embedded worker did not register its lanes in time");
      }
      Thread.sleep(20);
    }
  }
}
