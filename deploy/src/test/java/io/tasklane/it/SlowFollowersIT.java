package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients that follow a job's large results ({@code results?follow=true}) and read a few
 * bytes, then nothing more, against a real coordinator with a modest heap: its memory stays
 * bounded (tasklane.coordinator.results-streams.budget), a client listing jobs and one following
 * the same results to the end are served while they stall, and each stalled one is closed by the
 * server after results-streams.stall-timeout.
 */
class SlowFollowersIT {

  private static final int FOLLOWERS = 1500;
  private static final int TASKS = 600;
  private static final int OUTPUT_CHARS = 60 * 1024;
  /** The streams' shared page budget (tasklane.coordinator.results-streams.budget) in this test. */
  private static final int BUDGET_MIB = 64;
  /** What a stalled follower's connection may hold outside the budget. */
  private static final double PER_CONNECTION_MIB = 0.2;
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
  /** A bound for "promptly" on a loaded 2-core machine: a functional check, not a performance target. */
  private static final Duration PROMPTLY = Duration.ofSeconds(15);
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  @TempDir Path work;
  private final Steps steps = new Steps("SlowFollowersIT");

  @Test
  void stalledFollowersOfLargeResultsDoNotFillTheHeapOrLockOthersOutAndAreClosed() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 1, Map.of(
        "TASKLANE_COORDINATOR_OPTS", "-Xms128m -Xmx512m -Dtasklane.coordinator.results-streams.budget=" + BUDGET_MIB + "m",
        "TASKLANE_RESULTS_STALL_TIMEOUT", STALL_TIMEOUT.toSeconds() + "s"))) {
      Api api = cluster.api();
      URI server = api.server();
      long coordinator = cluster.coordinator().pid();
      // Each task's output is its 60 KiB input: 36 MB of results, each page of them about 1 MiB.
      String job = api.submit("{\"tasks\": [{\"type\": \"noop\", \"repeat\": " + TASKS
          + ", \"input\": {\"text\": \"" + "x".repeat(OUTPUT_CHARS) + "\"}}]}");
      assertThat(api.awaitEnded(job, Duration.ofSeconds(120)).get("state").asText()).isEqualTo("succeeded");
      long base = liveHeapMiB(coordinator);
      steps.log("job %s ended, heap after a GC: %d MiB", job, base);

      String follow = "GET /api/jobs/" + job + "/results?follow=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + api.token() + "\r\n\r\n";
      List<Socket> stalled = new ArrayList<>();
      try {
        long opened = System.nanoTime();
        for (int i = 0; i < FOLLOWERS; i++) {
          Socket socket = new Socket();
          socket.setReceiveBufferSize(4096); // the kernel holds little for it: the coordinator holds the rest
          socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
          socket.getOutputStream().write(follow.getBytes(StandardCharsets.US_ASCII));
          socket.setSoTimeout(30_000);
          byte[] few = socket.getInputStream().readNBytes(12);
          assertThat(new String(few, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
          stalled.add(socket);
        }
        steps.log("%d followers read 12 bytes each and stalled, in %d ms", FOLLOWERS,
            (System.nanoTime() - opened) / 1_000_000);

        long start = System.nanoTime();
        HttpResponse<String> list = api.send(api.request("/api/jobs").timeout(PROMPTLY).GET().build());
        steps.log("GET /api/jobs while they stall: %d in %d ms", list.statusCode(), (System.nanoTime() - start) / 1_000_000);
        assertThat(list.statusCode()).isEqualTo(200);

        start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> results = api.http().send(
            api.request("/api/jobs/" + job + "/results?follow=true").timeout(PROMPTLY).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
        long lines;
        try (var body = results.body()) {
          lines = body.filter(line -> !line.isBlank()).count();
        }
        steps.log("a reading follower got %d results in %d ms", lines, (System.nanoTime() - start) / 1_000_000);
        assertThat(lines).isEqualTo(TASKS);

        long live = liveHeapMiB(coordinator);
        steps.log("coordinator heap after a GC while %d followers stall: %d MiB", FOLLOWERS, live);
        // Unbounded, each stalled follower would hold a page of ~1 MiB (over 1,500 MiB: out of memory
        // in this 512 MiB heap). Bounded: the heap with the job's results, the streams' shared page
        // budget, and each connection's own buffers outside it (the pieces of at most chunk-bytes,
        // 4 KiB, that its stages hold and its HTTP stages: 0.13-0.17 MiB measured with 1,500 of them).
        long bound = base + BUDGET_MIB + Math.round(FOLLOWERS * PER_CONNECTION_MIB);
        assertThat(live).as("live heap (MiB), bound %d", bound).isLessThan(bound);

        // Closed by the server: seen from outside (ss), without reading them, which would make them readers again.
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        stalled.forEach(socket -> ports.add(socket.getLocalPort()));
        Duration atMost = Duration.ofSeconds(120);
        long waited = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(stillOpen(server.getPort(), ports)).as("stalled followers not closed by the server").isZero());
        steps.log("all %d stalled followers closed by the server, the last %d ms after the reading follower ended",
            FOLLOWERS, (System.nanoTime() - waited) / 1_000_000);
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
      assertThat(Processes.alive(coordinator)).as("the coordinator is alive").isTrue();
      assertThat(Files.readString(work.resolve(".tasklane/logs/coordinator.log"))).doesNotContain("OutOfMemoryError");
      assertThat(api.get("/api/cluster").statusCode()).isEqualTo(200);
    }
  }

  /** The coordinator's heap in use right after a full GC, read from outside with jcmd. */
  private static long liveHeapMiB(long pid) throws Exception {
    jcmd(pid, "GC.run");
    Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
    assertThat(used.find()).isTrue();
    return Long.parseLong(used.group(1)) / 1024;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  /** How many of {@code ports} (our ends) still have an established connection to the coordinator's {@code port}. */
  private static long stillOpen(int port, java.util.Set<Integer> ports) throws Exception {
    Process ss = new ProcessBuilder("ss", "-tnH", "state", "established", "dport", "= :" + port)
        .redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor()).as(out).isZero();
    return out.lines().map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length >= 4)
        .map(fields -> fields[2].substring(fields[2].lastIndexOf(':') + 1))
        .filter(local -> ports.contains(Integer.parseInt(local)))
        .count();
  }
}
