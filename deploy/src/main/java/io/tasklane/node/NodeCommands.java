package io.tasklane.node;

import io.tasklane.client.api.Exit;
import io.tasklane.coordinator.CoordinatorGuardian;
import io.tasklane.local.Tokens;
import io.tasklane.tls.NodeTls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tasklane coordinator} and {@code tasklane worker}: one node in the foreground. */
public final class NodeCommands {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCommands.class);

  private NodeCommands() {}

  @Command(name = "coordinator", mixinStandardHelpOptions = true,
      description = "Run a coordinator node in the foreground: the HTTP API, job state, dispatch.",
      footer = {"", "Example:", "  tasklane coordinator --host 10.0.0.1 --http-port 8080 --data-dir /var/lib/tasklane"})
  public static final class Coordinator implements Callable<Integer> {

    @Mixin NodeOptions node;

    @Option(names = "--http-port", defaultValue = "${env:TASKLANE_HTTP_PORT:-8080}",
        description = "HTTP API port; 0 = any free port, see --ports-file (env TASKLANE_HTTP_PORT; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "Where the API token is read from (created with a random token if missing). "
            + "Env TASKLANE_TOKEN gives the token itself. Default: <data-dir>/token.")
    Path tokenFile;

    @Option(names = "--data-dir", defaultValue = "${env:TASKLANE_DATA_DIR:-tasklane-data}",
        description = "Where the embedded journal lives (env TASKLANE_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--worker", description = "Also run a worker in this JVM.")
    boolean alsoWorker;

    @Override
    public Integer call() throws IOException {
      NodeTls tls;
      Optional<PortsFile> ports;
      try {
        tls = secure(node, true);
        ports = node.portsFile();
      } catch (StartRefused refused) {
        return refuse("coordinator", refused);
      }
      String token = System.getenv("TASKLANE_TOKEN");
      if (token == null || token.isBlank()) {
        Path file = tokenFile != null ? tokenFile : dataDir.resolve("token");
        token = Tokens.readOrCreate(file);
        System.err.println("API token in " + file.toAbsolutePath());
      }
      Map<String, Object> settings = new HashMap<>();
      settings.put("tasklane.coordinator.http.port", httpPort);
      settings.put("tasklane.coordinator.http.host", node.host);
      settings.put("tasklane.coordinator.http.token", token);
      settings.put("tasklane.coordinator.data-dir", dataDir.toAbsolutePath().toString());
      Set<String> roles = alsoWorker
          ? Set.of(CoordinatorGuardian.ROLE, ClusterNode.WORKER_ROLE)
          : Set.of(CoordinatorGuardian.ROLE);
      return runUntilTerminated(new ClusterNode.Options(node.host, node.port, node.seeds(), roles, settings, false,
          tls), ports);
    }
  }

  @Command(name = "worker", mixinStandardHelpOptions = true,
      description = "Run a worker node in the foreground: it joins the cluster and runs tasks in its I/O and CPU lanes.",
      footer = {"", "Example:", "  tasklane worker --host 10.0.0.2 --seeds 10.0.0.1:17355"})
  public static final class Worker implements Callable<Integer> {

    @Mixin NodeOptions node;

    @Option(names = "--allow-exec", arity = "0..1", paramLabel = "PROG,...", fallbackValue = "all",
        defaultValue = "${env:TASKLANE_ALLOW_EXEC}",
        description = "Allow exec tasks (which run programs on this machine): all programs, or only "
            + "these (argv[0] exactly or by file name). Env TASKLANE_ALLOW_EXEC (all, or a list). "
            + "Default: exec tasks fail, saying so.")
    String allowExec;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "${env:TASKLANE_HEALTH_PORT}",
        description = "Serve GET /health/live and /health/ready (no token; HTTPS with --tls-dir) on this port of --host, "
            + "for container probes (env TASKLANE_HEALTH_PORT). Default: none.")
    Integer healthPort;

    @Override
    public Integer call() {
      List<String> seeds = node.seeds();
      if (seeds.isEmpty()) {
        System.err.println("tasklane worker: --seeds (or TASKLANE_SEEDS) is required: a worker joins a coordinator");
        return Exit.USAGE;
      }
      if (healthPort != null && (healthPort < 1 || healthPort > 65535)) {
        System.err.println("tasklane worker: --health-port must be a port from 1 to 65535, not " + healthPort);
        return Exit.USAGE;
      }
      NodeTls tls;
      Optional<PortsFile> ports;
      try {
        tls = secure(node, false);
        ports = node.portsFile();
      } catch (StartRefused refused) {
        return refuse("worker", refused);
      }
      Map<String, Object> settings = new HashMap<>();
      // unset: tasklane.worker.exec.allow as configured (off unless application.conf or -D says otherwise)
      if (allowExec != null && !allowExec.isBlank()) {
        settings.put(ClusterNode.EXEC_ALLOW, allowExec.trim());
      }
      if (healthPort != null) {
        settings.put(ClusterNode.HEALTH_PORT, healthPort);
      }
      return runUntilTerminated(new ClusterNode.Options(node.host, node.port, seeds,
          Set.of(ClusterNode.WORKER_ROLE), settings, false, tls), ports);
    }
  }

  /** The node's TLS material, checked, or null for a plain-text node (warned about off loopback). */
  private static NodeTls secure(NodeOptions node, boolean servesHttps) {
    NodeTls tls = node.tls(servesHttps);
    if (tls != null) {
      LOG.info("{}", tls.describe());
    } else if (node.plainOffLoopback()) {
      LOG.warn("{}", BindPolicy.insecureWarning(node.host));
    }
    return tls;
  }

  /** A node that must not start: why on stderr, exit 2. */
  private static int refuse(String command, StartRefused refused) {
    System.err.println("tasklane " + command + ": " + refused.getMessage());
    return Exit.USAGE;
  }

  /**
   * Runs the node until its actor system terminates (stopped, downed by the cluster, or unable to
   * start) and returns the exit code. The JVM exits from here, not from Pekko's coordinated
   * shutdown ({@code exit-jvm} off): Pekko would always exit 0. A worker that stopped to rejoin
   * its seeds, was downed, or whose seeds did not answer starts a fresh node instead
   * ({@link NodeRestart}), once the old one has fully terminated and released its port; never
   * once the JVM is shutting down (SIGTERM).
   */
  private static int runUntilTerminated(ClusterNode.Options options, Optional<PortsFile> ports) {
    AtomicBoolean jvmStopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> jvmStopping.set(true), "tasklane-stopping"));
    ClusterNode node = ClusterNode.start(options);
    while (true) {
      announce(node, ports);
      // The main thread is not an actor thread: waiting here for the node to stop is fine.
      node.system().getWhenTerminated().toCompletableFuture().join();
      Optional<NodeRestart> restart = NodeRestart.after(options, node.rejoining(),
          CoordinatedShutdown.get(node.system()).getShutdownReason(), jvmStopping.get());
      if (restart.isEmpty()) {
        break;
      }
      LOG.warn("{}: starting a fresh node on {}:{} to rejoin seeds {}", restart.get().why(), options.host(), options.port(),
          restart.get().options().seeds());
      node = ClusterNode.start(restart.get().options());
    }
    // A coordinator that stopped because it could not start (its HTTP port taken, its journal
    // unusable), or a node whose health port was taken, says so in its exit code, not only in its log.
    boolean coordinator = options.roles().contains(CoordinatorGuardian.ROLE);
    boolean failedToStart = coordinator && node.httpBound().isCompletedExceptionally()
        || node.healthBound().isCompletedExceptionally();
    return failedToStart ? 1 : 0;
  }

  /**
   * Writes the node's bound addresses to {@code --ports-file}: the cluster address at once (Artery
   * has bound it when the actor system exists), a coordinator's HTTP address once it listens.
   */
  private static void announce(ClusterNode node, Optional<PortsFile> ports) {
    if (ports.isEmpty()) {
      return;
    }
    ports.get().cluster(Cluster.get(node.system()).selfMember().address());
    // off the actor threads: the file is written with blocking I/O
    node.httpBound().thenAcceptAsync(ports.get()::http, task -> Thread.ofVirtual().start(task))
        .exceptionally(unbound -> null); // the start failure is logged and ends the node
  }
}
