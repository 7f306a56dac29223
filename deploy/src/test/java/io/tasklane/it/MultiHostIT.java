package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasklane across separate hosts, made of network namespaces ({@link NetnsHosts}, docs/multi-host.md):
 * a TLS cluster of a coordinator host and two worker hosts runs a job; a third worker host added
 * mid-job gets tasks; a worker host cut off mid-job (its link down) is removed, its tasks finish
 * elsewhere, and once its link is back it rejoins by itself, in the same process, even after its
 * seeds went unanswered for a whole join window; every task is recorded once. A worker host whose
 * JVM is paused until it is removed rejoins in the same process once resumed. A host with a
 * certificate from another CA cannot join. Everything is torn down, also when the test fails.
 *
 * <p>Needs root (CI runs as root). Elsewhere it fails, saying why, unless
 * {@code -Dtasklane.it.multihost=skip} says to skip it.
 */
class MultiHostIT {

  private static final int PORT = 17355;
  private static final int HTTP_PORT = 8080;
  private static final int NAPS = 240;
  private static final String JOB = """
      {"name": "multi-host", "defaults": {"timeout": "60s", "retries": 0},
       "tasks": [{"id": "nap", "type": "sleep", "repeat": %d, "input": {"ms": 2000}}]}
      """.formatted(NAPS);
  /** Few slots per worker, so that sleeps spread over every worker host instead of filling the first. */
  private static final Map<String, String> WORKER_ENV = Map.of("TASKLANE_IO_MAX_IN_FLIGHT", "4");
  /** The cut-off worker's join window: short, so that its unanswered seeds make it start yet another node. */
  private static final String SHORT_JOIN_WINDOW = "-Dpekko.cluster.shutdown-after-unsuccessful-join-seed-nodes=5s";

  @TempDir Path work;
  private final Steps steps = new Steps("MultiHostIT");
  private final Map<String, Path> logs = new HashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> nodes = new HashMap<>();

  @Test
  void aTlsClusterOnSeparateHostsScalesOutHealsAPartitionAndRefusesAForeignHost() throws Exception {
    NetnsHosts hosts;
    try {
      hosts = NetnsHosts.create();
    } catch (NetnsHosts.Unavailable unavailable) {
      Assumptions.assumeFalse("skip".equals(System.getProperty("tasklane.it.multihost")),
          "skipped (-Dtasklane.it.multihost=skip): " + unavailable.getMessage());
      throw new AssertionError("MultiHostIT builds its hosts from network namespaces and cannot here: "
          + unavailable.getMessage() + ". Run it as root (CI does), or skip it locally with -Dtasklane.it.multihost=skip");
    }
    try (hosts; SocketRelay api = run(hosts)) {
      steps.log("done; tearing down");
    } finally {
      for (Process process : processes) {
        process.destroyForcibly();
      }
      hosts.close();
    }
    assertThat(NetnsHosts.ours()).as("namespaces left behind").noneMatch(name -> name.startsWith(hosts.namespace("")));
  }

  private SocketRelay run(NetnsHosts hosts) throws Exception {
    String coordinator = hosts.add("coordinator", 1);
    String first = hosts.add("worker-1", 2);
    String second = hosts.add("worker-2", 3);
    String third = hosts.add("worker-3", 4);
    String foreign = hosts.add("foreign", 5);
    steps.log("hosts up: namespaces %s*", hosts.namespace(""));
    certsInit("tls", String.join(",", coordinator, first, second, third));
    certsInit("other", foreign);
    steps.log("material made: tls (cluster), other (another CA)");

    String token = "multi-host-" + Long.toHexString(System.nanoTime());
    String seeds = coordinator + ":" + PORT;
    start(hosts, "coordinator", List.of("-Xmx384m"), Map.of("TASKLANE_TOKEN", token), "coordinator",
        "--host", coordinator, "--port", Integer.toString(PORT), "--http-port", Integer.toString(HTTP_PORT),
        "--data-dir", work.resolve("data").toString(), "--tls-dir", work.resolve("tls").toString());
    SocketRelay relay = relayTo(hosts, coordinator);
    Api api = new Api("https://127.0.0.1:" + relay.port(), token, CaContext.trusting(work.resolve("tls/ca.pem")));
    worker(hosts, "worker-1", first, seeds, "tls", List.of());
    worker(hosts, "worker-2", second, seeds, "tls", List.of(SHORT_JOIN_WINDOW));
    awaitMembers(api, coordinator, Set.of(first, second));
    steps.log("TLS cluster up on %s, %s, %s", coordinator, first, second);

    String jobId = api.submit(JOB);
    worker(hosts, "worker-3", third, seeds, "tls", List.of());
    await("the third host takes tasks").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions().failFast("a node exited", this::assertAlive)
        .until(() -> busy(api.cluster()).containsKey(address(third)));
    steps.log("worker-3 (added mid-job) runs tasks: %s", busy(api.cluster()));

    await("worker-2 holds tasks").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> busy(api.cluster()).containsKey(address(second)));
    int beforeCut = log("worker-2").length();
    hosts.cut("worker-2");
    steps.log("worker-2 cut off (link down) holding tasks; job: %s", api.status(jobId).get("lanes"));
    await("worker-2 removed by the coordinator").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> !members(api.cluster()).containsKey(address(second)));
    steps.log("worker-2 removed; its tasks are queued again");
    await("worker-2 downed on its side, then its seeds unanswered for a join window").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> log("worker-2").substring(beforeCut).contains("seeds did not answer within the join window"));
    hosts.heal("worker-2");
    long healed = System.nanoTime();
    steps.log("worker-2's link is up again");
    awaitMembers(api, coordinator, Set.of(first, second, third));
    steps.log("worker-2 rejoined %.1f s after the link came back", (System.nanoTime() - healed) / 1e9);
    assertThat(log("worker-2").substring(beforeCut)).contains("removed from the cluster (downed)");
    await("worker-2 takes tasks again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> busy(api.cluster()).containsKey(address(second)));
    steps.log("worker-2 runs tasks again: %s", busy(api.cluster()));

    JsonNode status = api.awaitEnded(jobId, Duration.ofSeconds(120));
    steps.log("job ended: %s", status.get("lanes"));
    assertThat(status.get("state").asText()).as("%s%s", status, logs()).isEqualTo("succeeded");
    Map<String, JsonNode> results = api.resultsById(jobId, NAPS);
    Map<String, Integer> byWorker = new HashMap<>();
    results.values().forEach(nap -> {
      assertThat(nap.get("status").asText()).as(nap.toString()).isEqualTo("succeeded");
      byWorker.merge(nap.get("worker").asText(), 1, Integer::sum);
    });
    steps.log("results by worker: %s", byWorker);
    assertThat(byWorker).containsKey(address(third));
    assertThat(processes).as("every node in its first process").allMatch(Process::isAlive);

    // worker-1's JVM paused (a frozen VM, a long stall) past the failure detector, then resumed: the
    // coordinator removes it; on waking it learns so and rejoins in the same process.
    int beforePause = log("worker-1").length();
    signal(nodes.get("worker-1"), "STOP");
    steps.log("worker-1 paused");
    try {
      await("worker-1 removed while paused").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> !members(api.cluster()).containsKey(address(first)));
    } finally {
      signal(nodes.get("worker-1"), "CONT");
    }
    long resumed = System.nanoTime();
    awaitMembers(api, coordinator, Set.of(first, second, third));
    steps.log("worker-1 back %.1f s after SIGCONT", (System.nanoTime() - resumed) / 1e9);
    assertThat(log("worker-1").substring(beforePause)).contains("removed from the cluster (downed)");

    Path foreignLog = start(hosts, "foreign", List.of(), WORKER_ENV, "worker", "--host", foreign,
        "--port", Integer.toString(PORT), "--seeds", seeds, "--tls-dir", work.resolve("other").toString());
    await("the foreign host's handshake fails").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> Processes.tail(foreignLog, 200_000).contains("SSLHandshakeException"));
    steps.log("foreign host refused: %s", Processes.tail(foreignLog, 200_000).lines()
        .filter(line -> line.contains("SSLHandshakeException")).findFirst().orElse(""));
    assertThat(members(api.cluster()).keySet()).as("membership unchanged")
        .containsExactlyInAnyOrder(address(coordinator), address(first), address(second), address(third));
    return relay;
  }

  private void certsInit(String dir, String hostList) throws Exception {
    Tasklane.Result init = Distribution.run(work, Map.of(), 120, "certs", "init", "--dir", dir, "--hosts", hostList);
    assertThat(init.exitCode()).as(init.stderr()).isZero();
  }

  private void worker(NetnsHosts hosts, String name, String host, String seeds, String tls, List<String> jvmOptions)
      throws Exception {
    List<String> options = new ArrayList<>(List.of("-Xmx256m"));
    options.addAll(jvmOptions);
    start(hosts, name, options, WORKER_ENV, "worker", "--host", host, "--port", Integer.toString(PORT),
        "--seeds", seeds, "--tls-dir", work.resolve(tls).toString());
  }

  /** Starts {@code tasklane args…} on host {@code name}; returns its log. */
  private Path start(NetnsHosts hosts, String name, List<String> jvmOptions, Map<String, String> env, String... args)
      throws Exception {
    Path log = work.resolve(name + ".log");
    logs.put(name, log);
    Process process = Processes.start(hosts.on(name, Distribution.command(jvmOptions, args)), work, log, env);
    processes.add(process);
    nodes.put(name, process);
    return log;
  }

  /** Sends {@code signal} to a node's JVM (and whatever its {@code ip netns exec} left in between). */
  private static void signal(Process node, String signal) throws Exception {
    List<ProcessHandle> handles = new ArrayList<>(List.of(node.toHandle()));
    node.descendants().forEach(handles::add);
    for (ProcessHandle handle : handles) {
      Processes.signal(handle.pid(), signal);
    }
  }

  /**
   * The coordinator's API from this process, which lives outside the hosts' network: a relay on the
   * coordinator's host serves it on a socket file, relayed here to a loopback port.
   */
  private SocketRelay relayTo(NetnsHosts hosts, String coordinator) throws Exception {
    Path socket = work.resolve("api.sock");
    String testClasses = Path.of(SocketRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Path log = work.resolve("relay.log");
    logs.put("relay", log);
    processes.add(Processes.start(hosts.on("coordinator", List.of(Tasklane.java(), "-Xmx32m", "-cp", testClasses,
        SocketRelay.class.getName(), socket.toString(), coordinator, Integer.toString(HTTP_PORT))), work, log, Map.of()));
    await("the relay's socket").atMost(Duration.ofSeconds(30)).until(() -> socket.toFile().exists());
    return SocketRelay.loopbackTo(socket);
  }

  /** Waits until the members are exactly the coordinator and {@code workers}, all Up, every worker offering its lanes. */
  private void awaitMembers(Api api, String coordinator, Set<String> workers) {
    Set<String> expected = new HashSet<>(List.of(address(coordinator)));
    Set<String> offering = new HashSet<>();
    workers.forEach(worker -> offering.add(address(worker)));
    expected.addAll(offering);
    try {
      await("members " + expected).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions().failFast("a node exited", this::assertAlive)
          .untilAsserted(() -> {
            JsonNode view = api.cluster();
            Map<String, String> members = members(view);
            assertThat(members.keySet()).as("%s", view).isEqualTo(expected);
            assertThat(members.values()).as("%s", view).allMatch("up"::equals);
            Set<String> lanes = new HashSet<>();
            view.get("lanes").forEach(lane -> lanes.add(lane.get("worker").asText()));
            assertThat(lanes).as("%s", view).isEqualTo(offering);
          });
    } catch (org.awaitility.core.ConditionTimeoutException late) {
      // the nodes' own account (a worker that did not rejoin says why only in its log)
      throw new AssertionError(late.getMessage() + logs(), late);
    }
  }

  /** All of a node's log so far. */
  private String log(String name) throws IOException {
    return Files.readString(logs.get(name), StandardCharsets.UTF_8);
  }

  private void assertAlive() {
    for (Process process : processes) {
      assertThat(process.isAlive()).as("pid %s exited:%s", process.pid(), logs()).isTrue();
    }
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    logs.forEach((name, log) -> text.append("\n== ").append(name).append('\n').append(Processes.tail(log, 12_000)));
    return text.toString();
  }

  private static String address(String host) {
    return host + ":" + PORT;
  }

  private static Map<String, String> members(JsonNode cluster) {
    Map<String, String> members = new HashMap<>();
    cluster.get("nodes").forEach(node -> members.put(node.get("address").asText(), node.get("status").asText()));
    return members;
  }

  private static Map<String, Integer> busy(JsonNode cluster) {
    Map<String, Integer> busy = new HashMap<>();
    cluster.get("lanes").forEach(lane -> {
      if (lane.get("busy").asInt() > 0) {
        busy.merge(lane.get("worker").asText(), lane.get("busy").asInt(), Integer::sum);
      }
    });
    return busy;
  }
}
