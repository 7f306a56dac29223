package io.tasklane.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local cluster whose workers carry the ledger task types ({@code test.ledger},
 * {@code test.ledger.cpu}) and whose journal the test can read while it runs; plus the faults
 * done to it (which worker JVMs were killed or drained), to check jobs with {@link DeliveryCheck}.
 */
final class LedgerCluster implements AutoCloseable {

  private final LocalCluster cluster;
  private final Ledger ledger;
  private final Journal journal;
  private final Set<Long> live = new HashSet<>();
  private final Set<Long> faulted = new HashSet<>();
  private final Map<Long, List<String>> commands = new HashMap<>();
  /**
   * The worker JVMs by pid, taken when they started: pids come round again quickly (pid_max is
   * often 32768, and every JVM thread takes one), so a pid alone may name another process later.
   */
  private final Map<Long, ProcessHandle> handles = new HashMap<>();
  private List<String> coordinatorCommand;
  private long coordinator;
  private int replacements;

  private LedgerCluster(LocalCluster cluster, Ledger ledger, Journal journal) throws Exception {
    this.cluster = cluster;
    this.ledger = ledger;
    this.journal = journal;
    for (LocalCluster.Node worker : cluster.workers()) {
      live.add(worker.pid());
      commands.put(worker.pid(), Processes.commandLine(worker.pid()));
      handles.put(worker.pid(), ProcessHandle.of(worker.pid()).orElseThrow());
    }
    this.coordinator = cluster.coordinator().pid();
    this.coordinatorCommand = Processes.commandLine(coordinator);
  }

  static LedgerCluster up(Path work, int workers) throws Exception {
    Path plugins = work.resolve("plugins");
    PluginJar.write(plugins);
    Journal journal = Journal.ofLocalCluster(work);
    LocalCluster cluster = LocalCluster.up(work, workers, Map.of("TASKLANE_PLUGIN_DIR", plugins.toString(),
        Journal.URL_ENV, journal.url()));
    return new LedgerCluster(cluster, new Ledger(work.resolve("ledger.jsonl")), journal);
  }

  Api api() {
    return cluster.api();
  }

  Ledger ledger() {
    return ledger;
  }

  Journal journal() {
    return journal;
  }

  LocalCluster local() {
    return cluster;
  }

  /** The workers not faulted by the test that still run (one may have died by itself). */
  Set<Long> liveWorkers() {
    return live.stream().filter(pid -> Processes.running(handles.get(pid))).collect(java.util.stream.Collectors.toSet());
  }

  /** The live worker running the most of {@code job}'s tasks right now, by the ledger; 0 if none. */
  long busiest(String job) throws Exception {
    Map<Long, Integer> running = running(job);
    Set<Long> candidates = liveWorkers();
    return running.entrySet().stream().filter(entry -> candidates.contains(entry.getKey()))
        .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0L);
  }

  /** Executions of {@code job} started and not finished, per worker pid. */
  Map<Long, Integer> running(String job) throws Exception {
    Map<Long, Integer> running = new HashMap<>();
    ledger.executions(job).values().forEach(runs -> runs.stream().filter(run -> !run.finished())
        .forEach(run -> running.merge(run.pid(), 1, Integer::sum)));
    return running;
  }

  /** Waits until a live worker runs at least {@code atLeast} of {@code job}'s tasks; returns its pid. */
  long awaitBusyWorker(String job, int atLeast) {
    long[] pid = new long[1];
    await("a worker running " + atLeast + " tasks of " + job).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100)).until(() -> {
          pid[0] = busiest(job);
          return pid[0] != 0 && running(job).get(pid[0]) >= atLeast;
        });
    return pid[0];
  }

  /** kill -9 of a worker; a replacement starts with its command line (its address). Returns the replacement's pid. */
  long killAndReplace(long worker) throws Exception {
    kill9(worker);
    live.remove(worker);
    faulted.add(worker);
    return startWorker(worker);
  }

  /** kill -9 of a worker this cluster started (its own JVM, whatever has the pid now), waiting until it is dead. */
  void kill9(long worker) throws Exception {
    ProcessHandle process = handles.get(worker);
    if (process == null) {
      throw new AssertionError("pid " + worker + " is not a worker of this cluster: " + handles.keySet());
    }
    Processes.kill9(process);
  }

  /** A worker this cluster started, as it was started (for a signal or a wait). */
  ProcessHandle process(long worker) {
    ProcessHandle process = handles.get(worker);
    if (process == null) {
      throw new AssertionError("pid " + worker + " is not a worker of this cluster: " + handles.keySet());
    }
    return process;
  }

  /** The worker's cluster address, {@code host:port}, from its command line. */
  String address(long worker) {
    List<String> command = commands.get(worker);
    return command.get(command.indexOf("--host") + 1) + ":" + command.get(command.indexOf("--port") + 1);
  }

  /** Marks a worker as drained or killed by the test (its executions are not held to "healthy"). */
  void faulted(long worker) {
    live.remove(worker);
    faulted.add(worker);
  }

  /**
   * Starts a worker with the command line of {@code previous}, which is gone, on a new port: a
   * replacement at the same address has its tasks requeued when the old incarnation's removal
   * arrives (the coordinator knows worker lanes by address: see
   * {@code LedgerFaultsIT.aReplacementAtTheKilledWorkersAddressKeepsItsTasks}).
   */
  long startWorker(long previous) throws Exception {
    List<String> command = new ArrayList<>(commands.get(previous));
    command.set(command.indexOf("--port") + 1, Integer.toString(Processes.freePort()));
    Process process = cluster.restart(command,
        cluster.work().resolve(".tasklane/logs/worker-replacement-" + (++replacements) + ".log"));
    live.add(process.pid());
    commands.put(process.pid(), command);
    handles.put(process.pid(), process.toHandle());
    return process.pid();
  }

  /** Starts a worker with exactly the command line of {@code previous} (its address), which is gone. */
  long startWorkerAtSameAddress(long previous) throws Exception {
    List<String> command = commands.get(previous);
    Process process = cluster.restart(command,
        cluster.work().resolve(".tasklane/logs/worker-replacement-" + (++replacements) + ".log"));
    live.add(process.pid());
    commands.put(process.pid(), command);
    handles.put(process.pid(), process.toHandle());
    return process.pid();
  }

  /** kill -9 of the coordinator and the same command line again. */
  void killAndRestartCoordinator() throws Exception {
    Processes.kill9(coordinator);
    Process process = cluster.restart(coordinatorCommand,
        cluster.work().resolve(".tasklane/logs/coordinator-restarted-" + coordinator + ".log"));
    coordinator = process.pid();
  }

  /**
   * Waits for {@code job} to end, then checks it with {@link DeliveryCheck}: the ledger, the
   * journal and the API agree; {@code strict}: no task ran twice on a worker that was not faulted.
   */
  JsonNode awaitAndCheck(String job, int io, int cpu, Duration atMost, boolean strict) throws Exception {
    JsonNode status = cluster.api().awaitEnded(job, atMost);
    org.assertj.core.api.Assertions.assertThat(status.get("state").asText()).as("%s%s", status, cluster.logs())
        .isEqualTo("succeeded");
    Map<String, JsonNode> results = cluster.api().resultsById(job, io + cpu);
    DeliveryCheck.assertDelivered(job, DeliveryCheck.ids(io, cpu), ledger, journal.outcomes(job), results, status,
        pid -> !faulted.contains(pid), strict);
    return status;
  }

  /** Executions per pid of {@code job} (for step logs). */
  Map<Long, Integer> executionsPerWorker(String job) throws Exception {
    Map<Long, Integer> counts = new HashMap<>();
    ledger.executions(job).values().forEach(runs -> runs.forEach(run -> counts.merge(run.pid(), 1, Integer::sum)));
    return counts;
  }

  /** Tasks of {@code job} that ran more than once (for step logs). */
  List<String> ranTwice(String job) throws Exception {
    List<String> twice = new ArrayList<>();
    ledger.executions(job).forEach((task, runs) -> {
      if (runs.size() > 1) {
        twice.add(task);
      }
    });
    return twice;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
