package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tasklane.worker.cpu.RunnerCgroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: `tasklane local up --workers 2` starts a coordinator JVM and two worker JVMs
 * on 127.0.0.1; jobs go in through the client process and every result is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] BODY = "tasklane serves this body\n".repeat(100).getBytes(StandardCharsets.UTF_8);

  @TempDir static Path work;
  private HttpServer server;
  private final AtomicInteger missingRequests = new AtomicInteger();
  private Set<String> workerAddresses;
  /** The workers' nodes in local status (pid, role), by address. */
  private final Map<String, JsonNode> workerNodes = new HashMap<>();

  @BeforeAll
  void startClusterAndAWebServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/data", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
      exchange.close();
    });
    server.createContext("/missing", exchange -> {
      missingRequests.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();

    Tasklane.Result up = Tasklane.run(work, 120, "local", "up", "--workers", "2");
    assertThat(up.exitCode()).as("local up: %s", up.stderr()).isZero();
    // local up warmed the cluster (tasklane.coordinator.warm-up: 8 no-op jobs, then 3,000 appends
    // with wait over its HTTP API) and lists none of it
    assertThat(up.stderr() + up.stdout())
        .containsPattern("warmed up: [1-8] no-op job\\(s\\) of 20,000 tasks( and [0-9,]+ one-task requests)? in");
    Tasklane.Result listed = Tasklane.run(work, 60, "jobs", "-o", "json");
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    assertThat(JSON.readTree(listed.stdout()).get("jobs")).as("the warm-up's jobs are unlisted").isEmpty();

    Tasklane.Result status = Tasklane.run(work, 30, "local", "status", "-o", "json");
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    JsonNode nodes = JSON.readTree(status.stdout()).get("nodes");
    assertThat(nodes).hasSize(3);
    workerAddresses = new HashSet<>();
    for (JsonNode node : nodes) {
      assertThat(node.get("state").asText()).isEqualTo("running");
      if (node.get("role").asText().equals("worker")) {
        workerAddresses.add(node.get("host").asText() + ":" + node.get("port").asInt());
        workerNodes.put(node.get("host").asText() + ":" + node.get("port").asInt(), node);
      }
      assertCpuLaneYields(node, false);
    }
    assertThat(workerAddresses).hasSize(2);
  }

  /**
   * A worker's CPU-lane runners yield to other processes (tasklane.worker.cpu.priority = nice,
   * nice = 10): where the worker could make a cgroup v1 cpu group for them, its runner threads
   * (and only they) are in it with cpu.shares = 110 (the kernel's weight of nice 10), and its
   * session's autogroup is left at nice 0; elsewhere, where Linux autogroups exist, the session's
   * autogroup is niced to 10. The coordinator's session stays at nice 0. {@code ranCpuTasks}: the
   * worker has run CPU tasks, so its runner threads have started (they start with the first).
   */
  private static void assertCpuLaneYields(JsonNode node, boolean ranCpuTasks) throws IOException {
    String pid = node.get("pid").asText();
    Path autogroup = Path.of("/proc", pid, "autogroup");
    boolean worker = node.get("role").asText().equals("worker");
    Path group = worker ? runnerCgroup(pid) : null;
    if (group != null) {
      assertThat(Files.readString(group.resolve("cpu.shares")).trim()).as("%s cpu.shares", group).isEqualTo("110");
      List<String> tids = Files.readAllLines(group.resolve("tasks")).stream().map(String::trim)
          .filter(tid -> !tid.isEmpty()).toList();
      if (ranCpuTasks) {
        assertThat(tids).as("threads in %s", group).isNotEmpty();
      }
      for (String tid : tids) {
        Path task = Path.of("/proc", pid, "task", tid);
        assertThat(task).as("thread %s of %s is the worker's", tid, group).isDirectory();
        // Linux keeps 15 characters of a thread's name: tasklane-tasklane.worker.cpu-dispatcher-N
        assertThat(Files.readString(task.resolve("comm")).trim()).as("thread %s", tid).isEqualTo("tasklane-taskla");
        assertThat(RunnerCgroup.cpuPathOf(Files.readString(task.resolve("cgroup")))).as("thread %s", tid)
            .endsWith("/" + group.getFileName());
      }
      // the rest of the worker (its main thread here) stays in the worker's own group
      assertThat(RunnerCgroup.cpuPathOf(Files.readString(Path.of("/proc", pid, "cgroup")))).as("%s", node)
          .doesNotContain("tasklane-cpu-lane-");
      if (Files.isRegularFile(autogroup)) {
        assertThat(Files.readString(autogroup).trim()).as("%s", node).endsWith("nice 0");
      }
    } else if (Files.isRegularFile(autogroup)) {
      // each node leads its own session; a worker's is niced so that it yields to the coordinator's
      assertThat(Files.readString(autogroup).trim()).as("%s", node).endsWith(worker ? "nice 10" : "nice 0");
    }
  }

  /** The worker's runner group, {@code <its cpu cgroup>/tasklane-cpu-lane-<pid>-nice-10}, or null if it made none. */
  private static Path runnerCgroup(String pid) throws IOException {
    Path cpuRoot = Path.of("/sys/fs/cgroup/cpu");
    String own = RunnerCgroup.cpuPathOf(Files.readString(Path.of("/proc", pid, "cgroup")));
    if (own == null || !Files.isDirectory(cpuRoot)) {
      return null;
    }
    Path group = cpuRoot.resolve(own.substring(1)).resolve("tasklane-cpu-lane-" + pid + "-nice-10");
    return Files.isDirectory(group) ? group : null;
  }

  @AfterAll
  void stopEverything() throws Exception {
    try {
      Tasklane.Result down = Tasklane.run(work, 60, "local", "down");
      assertThat(down.exitCode()).as(down.stderr()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMixedJobRunsEveryTaskInItsLaneWithTheRightAnswers() throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data";
    Path job = work.resolve("mixed.yaml");
    Files.writeString(job, """
        name: mixed
        defaults: {timeout: 60s}
        tasks:
          - {id: echo, type: noop, repeat: 50, input: {value: "v${i}"}}
          - {id: nap, type: sleep, repeat: 40, input: {ms: 300}}
          - {id: h1, type: sha256, input: {iterations: 1}}
          - {id: h100k, type: sha256, input: {iterations: 100000}}
          - {id: h3m, type: sha256, input: {iterations: 3000000}}
          - {id: fact, type: factorial, repeat: 6, input: {n: 2000}}
          - {id: web, type: http.get, repeat: 3, input: {url: "%s"}}
        """.formatted(url));

    Tasklane.Result submit = Tasklane.run(work, 180, "submit", job.toString(), "--wait", "-o", "json");

    assertThat(submit.exitCode()).as("submit --wait: %s", submit.stderr()).isZero();
    Map<String, JsonNode> results = new HashMap<>();
    for (String line : submit.lines()) {
      JsonNode result = JSON.readTree(line);
      assertThat(results.put(result.get("id").asText(), result)).as("duplicate result %s", line).isNull();
    }
    assertThat(results).hasSize(50 + 40 + 3 + 6 + 3);
    results.values().forEach(result -> {
      assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded");
      assertThat(result.get("attempts").asInt()).isEqualTo(1);
      assertThat(workerAddresses).contains(result.get("worker").asText());
    });

    for (int i = 0; i < 50; i++) {
      assertThat(results.get("echo-" + i).get("output")).isEqualTo(JSON.createObjectNode().put("value", "v" + i));
    }
    assertThat(results.get("nap-7").get("output").get("sleptMs").asInt()).isEqualTo(300);
    assertThat(results.get("h1").get("output").get("hex").asText())
        .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    assertThat(results.get("h100k").get("output").get("hex").asText())
        .isEqualTo("b422bc9c0646a432433c2410991c95e2d89758e3b4f540aca863389f28a11379");
    assertThat(results.get("h3m").get("output").get("hex").asText())
        .isEqualTo("0796783e0a06e3f94c0cf5d6fd3991a2f0c07611ff1898b00705995cd01b0d96");
    assertThat(results.get("fact-5").get("output").get("digits").asInt()).isEqualTo(5736);
    JsonNode web = results.get("web-2").get("output");
    assertThat(web.get("status").asInt()).isEqualTo(200);
    assertThat(web.get("bytes").asInt()).isEqualTo(BODY.length);
    assertThat(web.get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY)));

    // CPU tasks ran on the CPU lane's dedicated threads, I/O tasks never did.
    for (JsonNode result : results.values()) {
      String type = result.get("type").asText();
      String thread = result.get("thread").asText();
      boolean cpu = type.equals("sha256") || type.equals("factorial");
      assertThat(result.get("lane").asText()).isEqualTo(cpu ? "cpu" : "io");
      if (cpu) {
        assertThat(thread).as(result.toString()).contains("tasklane.worker.cpu-dispatcher");
      } else {
        assertThat(thread).as(result.toString()).doesNotContain("cpu-dispatcher");
      }
    }
    // and the CPU lane's threads of the workers that ran them yield to other processes
    Set<String> ranCpu = new HashSet<>();
    results.values().stream().filter(r -> r.get("lane").asText().equals("cpu"))
        .forEach(r -> ranCpu.add(r.get("worker").asText()));
    assertThat(ranCpu).isNotEmpty();
    for (String worker : ranCpu) {
      assertCpuLaneYields(workerNodes.get(worker), true);
    }
  }

  @Test
  void theBuiltInsDownloadFailA404AtOnceSayWhereAConnectionFailedAndGiveTheFactorial() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path download = work.resolve("downloads/data.bin");
    Path job = work.resolve("builtins.yaml");
    Files.writeString(job, """
        name: builtins
        defaults: {timeout: 60s, retries: 3}
        tasks:
          - {id: dl, type: file.download, input: {url: "%1$s/data", path: "%2$s"}}
          - {id: missing, type: http.get, input: {url: "%1$s/missing"}}
          - {id: refused, type: http.get, retries: 0, input: {url: "http://127.0.0.1:%3$d/x"}}
          - {id: fact, type: factorial, input: {n: 25}}
        """.formatted(base, download, closedPort));

    Tasklane.Result submit = Tasklane.run(work, 180, "submit", job.toString(), "--wait", "-o", "json");

    assertThat(submit.exitCode()).as("failed tasks: exit 1; %s", submit.stderr()).isEqualTo(1);
    Map<String, JsonNode> results = new HashMap<>();
    for (String line : submit.lines()) {
      JsonNode result = JSON.readTree(line);
      results.put(result.get("id").asText(), result);
    }
    JsonNode dl = results.get("dl");
    assertThat(dl.get("status").asText()).as(dl.toString()).isEqualTo("succeeded");
    assertThat(Files.readAllBytes(download)).isEqualTo(BODY);
    assertThat(dl.get("output")).isEqualTo(JSON.createObjectNode()
        .put("path", download.toString())
        .put("bytes", BODY.length)
        .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY))));

    JsonNode missing = results.get("missing");
    assertThat(missing.get("status").asText()).isEqualTo("failed");
    assertThat(missing.get("attempts").asInt()).as("a 404 is not retried").isEqualTo(1);
    assertThat(missing.get("error").asText()).startsWith("HTTP 404 from " + base + "/missing");
    assertThat(missingRequests.get()).isEqualTo(1);

    JsonNode refused = results.get("refused");
    assertThat(refused.get("status").asText()).isEqualTo("failed");
    assertThat(refused.get("error").asText()).startsWith("connection refused: 127.0.0.1:" + closedPort);

    assertThat(results.get("fact").get("output"))
        .isEqualTo(JSON.readTree("{\"digits\":26,\"value\":\"15511210043330985984000000\"}"));
  }

  @Test
  void statusAndResultsOfASubmittedJobAreServedAndCounted() throws Exception {
    Tasklane.Result submit = Tasklane.run(work, 60, "submit", Tasklane.repo().resolve("examples/quickstart.yaml").toString());
    assertThat(submit.exitCode()).as(submit.stderr()).isZero();
    String jobId = submit.stdout().trim();
    assertThat(jobId).matches("[A-Za-z0-9._-]+");

    Tasklane.Result waited = Tasklane.run(work, 120, "submit", Tasklane.repo().resolve("examples/quickstart.yaml").toString(), "--wait", "-o", "json");
    assertThat(waited.exitCode()).isZero();

    JsonNode status = awaitEnded(jobId);
    assertThat(status.get("state").asText()).isEqualTo("succeeded");
    assertThat(status.get("total").asInt()).isEqualTo(29);
    assertThat(status.at("/lanes/cpu/succeeded").asInt()).isEqualTo(3);
    assertThat(status.at("/lanes/io/succeeded").asInt()).isEqualTo(26);

    Tasklane.Result results = Tasklane.run(work, 60, "results", jobId, "-o", "json");
    assertThat(results.exitCode()).isZero();
    assertThat(results.lines()).hasSize(29);
  }

  @Test
  void badInputGetsTheDocumentedExitCodes() throws Exception {
    Path broken = work.resolve("broken.yaml");
    Files.writeString(broken, """
        tasks:
          - type: sleep
            tmeout: 5s
            input: {ms: 1}
        """);
    Tasklane.Result invalid = Tasklane.run(work, 60, "submit", broken.toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.stderr()).contains("broken.yaml:3").contains("tmeout");

    Path unknownType = work.resolve("unknown.yaml");
    Files.writeString(unknownType, "tasks:\n  - type: teleport\n");
    Tasklane.Result unknown = Tasklane.run(work, 60, "submit", unknownType.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown.yaml:2").contains("teleport");

    Tasklane.Result badToken = Tasklane.run(work, 60, "status", "j-x", "--token", "wrong");
    assertThat(badToken.exitCode()).isEqualTo(3);

    Tasklane.Result noJob = Tasklane.run(work, 60, "status", "j-nope");
    assertThat(noJob.exitCode()).isEqualTo(2);
  }

  private JsonNode awaitEnded(String jobId) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Tasklane.Result status = Tasklane.run(work, 30, "status", jobId, "-o", "json");
      assertThat(status.exitCode()).as(status.stderr()).isZero();
      JsonNode json = JSON.readTree(status.stdout());
      if (!json.get("state").asText().equals("running") || System.nanoTime() > deadline) {
        return json;
      }
    }
  }
}
