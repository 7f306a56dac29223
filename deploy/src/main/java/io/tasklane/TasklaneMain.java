package io.tasklane;

import io.tasklane.client.ClientCommands;
import io.tasklane.client.CompletionCommand;
import io.tasklane.client.api.Exit;
import io.tasklane.local.LocalCommand;
import io.tasklane.node.NodeCommands;
import io.tasklane.node.RunCommand;
import io.tasklane.tls.CertsCommand;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The one entry point of the distribution: client commands (which start no ActorSystem and
 * return fast), {@code local} (module local-cluster, which starts node JVMs of this class) and node
 * roles ({@code coordinator}, {@code worker}, and {@code run}, an embedded cluster).
 */
@Command(name = "tasklane", mixinStandardHelpOptions = true, versionProvider = TasklaneMain.Version.class,
    description = "Tasklane: batch jobs on a Pekko cluster, I/O tasks in an asynchronous lane, CPU tasks on dedicated cores.",
    footer = {"", "Examples:", "  tasklane run examples/quickstart.yaml          # one process, no setup",
        "  tasklane local up --workers 2                 # a local cluster of JVMs",
        "  tasklane submit job.yaml --watch              # live progress, then a summary",
        "  tasklane results JOB --failed -o json", "  tasklane jobs --state running",
        "  tasklane cancel JOB", "  tasklane cluster", "  source <(tasklane completion bash)",
        "  tasklane certs init --dir tls --hosts 10.0.0.1,10.0.0.2   # TLS across machines",
        "", "Every command has --help with examples. Docs: docs/cli.md",
        Exit.CODES_FOOTER})
public final class TasklaneMain implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see tasklane --help");
  }

  public static void main(String[] args) {
    Optional<String> watch = ExitWithProcess.install(System.getenv(ExitWithProcess.VARIABLE));
    if (watch.isPresent()) {
      System.err.println("tasklane: " + watch.get());
      System.exit(Exit.USAGE);
    }
    if (args.length > 0 && args[0].equals("run")) {
      // The embedded cluster logs warnings only, to stderr: stdout carries the results.
      System.setProperty("tasklane.log.level", System.getProperty("tasklane.log.level", "WARN"));
      System.setProperty("tasklane.log.target", "System.err");
    }
    if (args.length > 0 && (args[0].equals("run") || args[0].equals("coordinator") || args[0].equals("worker"))) {
      // Start logging on this thread before the actor system's threads log concurrently.
      org.slf4j.LoggerFactory.getILoggerFactory();
    }
    int code = commandLine().execute(args);
    System.exit(code);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TasklaneMain());
    cli.addSubcommand(new RunCommand());
    for (Object command : ClientCommands.all()) {
      cli.addSubcommand(command);
    }
    cli.addSubcommand(new LocalCommand());
    cli.addSubcommand(new CertsCommand());
    cli.addSubcommand(new CompletionCommand()); // last of the client's: it completes every command above
    cli.addSubcommand(new NodeCommands.Coordinator());
    cli.addSubcommand(new NodeCommands.Worker());
    return cli;
  }

  /** The version from the jar's manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = TasklaneMain.class.getPackage().getImplementationVersion();
      return new String[] {"tasklane " + (version == null ? "dev" : version),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
