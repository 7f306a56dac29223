package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's load on one open job through the HTTP API of a real local cluster: 2,000 requests
 * that each append one task with wait, sent 3 ms apart, all waiting at once (their tasks sleep until every one has
 * been sent), each answered with its own task's result; once as many wait as
 * tasklane.coordinator.wait.max-waiters allows, one more append with wait is refused with 503 and
 * Retry-After and nothing of it is taken.
 */
class ManyWaitersIT {

  private static final int WAITERS = 2_000;
  /** How long after the first request was sent every task ends (under wait.max-time, set to 58 s). */
  private static final long SLEEP_MS = 50_000;
  private static final long SEND_EVERY_NS = 3_000_000;

  @TempDir Path work;
  private final Steps steps = new Steps("ManyWaitersIT");

  /** One request's answer: its status, body, Retry-After and how long it took. */
  private record Answer(int status, String body, String retryAfter, long millis) {}

  @Test
  void twoThousandRequestsWaitOnOneOpenJobAndEachGetsItsOwnResult() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 1,
        Map.of("TASKLANE_NODE_OPTS", "-Dtasklane.coordinator.wait.max-waiters=" + WAITERS
            + " -Dtasklane.coordinator.wait.max-time=58s"
            // one job journals its appends one after another: on a loaded test machine the last
            // of 2,000 may wait past the default 10 s for its turn (answered 503 "did not answer
            // in time"), which is the append path's pace, not the waiting this test is about
            + " -Dtasklane.coordinator.ask-timeout=40s"
            // 2,000 new connections from one address in 6 s: on a loaded test machine the
            // coordinator may take a second or more to read their requests, and the guard against
            // stalled clients would close the oldest of them as such (256 unread ones of one
            // address at most, by default), which is not what this test is about
            + " -Dtasklane.coordinator.http.connections.max-unauthenticated=" + (WAITERS + 100)
            + " -Dtasklane.coordinator.http.connections.max-unauthenticated-per-address=" + (WAITERS + 100)
            + " -Dtasklane.coordinator.http.connections.unauthenticated-timeout=60s",
            // every task in flight at once on the one worker (its default is 1,000)
            "TASKLANE_IO_MAX_IN_FLIGHT", "2500"))) {
      // connections the coordinator is too busy to accept at once wait in the kernel's backlog,
      // and past it for the client's SYN to be sent again (after 1, 3, 7, 15 s): not refused
      Api api = cluster.api().withConnectTimeout(Duration.ofSeconds(30));
      String jobId = api.submit("{\"name\": \"service\", \"open\": true}");
      Map<String, Long> heapBefore = liveHeap(cluster.coordinator().pid());

      // every task sleeps until a moment after the last request was sent: all of them wait at once
      long sleepUntil = System.currentTimeMillis() + SLEEP_MS;
      ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
      List<Thread> requests = new ArrayList<>();
      long start = System.nanoTime();
      for (int k = 0; k < WAITERS; k++) {
        // as a service sends them: one every SEND_EVERY_NS, each on a connection of its own. (A
        // burst of 2,000 new connections at once from one address would be cut by the API's guard
        // against stalled clients: at most 256 connections of one address that have not yet sent
        // a request with the token, see tasklane.coordinator.http.connections.)
        LockSupport.parkNanos(start + k * SEND_EVERY_NS - System.nanoTime());
        long ms = Math.max(1, sleepUntil - System.currentTimeMillis());
        requests.add(Thread.ofVirtual().start(() -> answers.add(append(api, jobId, ms))));
      }
      await().atMost(Duration.ofMillis(SLEEP_MS - 5_000)).pollInterval(Duration.ofMillis(200))
          .until(() -> api.status(jobId).get("total").asInt() + answers.size() >= WAITERS);
      steps.log("%d appends taken %d ms after the first was sent, %d answered early", WAITERS,
          (System.nanoTime() - start) / 1_000_000, answers.size());
      Map<String, Long> heapWaiting = liveHeap(cluster.coordinator().pid());
      assertThat(answers).as("no request was answered before its task ended").isEmpty();

      // full: the next append with wait is refused, its task not taken (probes that still got in
      // while the last waiters were being registered wait like the others)
      List<Thread> probes = new ArrayList<>();
      ConcurrentLinkedQueue<Answer> probeAnswers = new ConcurrentLinkedQueue<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        Answer[] refused = new Answer[1];
        Thread probe = Thread.ofVirtual().start(() -> {
          Answer answer = append(api, jobId, Math.max(1, sleepUntil - System.currentTimeMillis()));
          refused[0] = answer;
          probeAnswers.add(answer);
        });
        probes.add(probe);
        probe.join(Duration.ofSeconds(2));
        return refused[0] != null && refused[0].status() == 503;
      });
      Answer refused = probeAnswers.stream().filter(answer -> answer.status() == 503).findFirst().orElseThrow();
      assertThat(refused.retryAfter()).isEqualTo("1");
      assertThat(refused.body()).contains("too many requests wait on job '" + jobId + "' (")
          .contains("tasklane.coordinator.wait.max-waiters").contains("nothing was appended");
      for (Thread request : requests) {
        assertThat(request.join(Duration.ofSeconds(90))).isTrue();
      }
      for (Thread probe : probes) {
        assertThat(probe.join(Duration.ofSeconds(90))).isTrue();
      }
      assertThat(probeAnswers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isIn(200, 503));
      long probesTaken = probeAnswers.stream().filter(answer -> answer.status() == 200).count();
      assertThat(api.status(jobId).get("total").asInt()).as("the refused appends took nothing")
          .isEqualTo(WAITERS + (int) probesTaken);
      List<Answer> all = new ArrayList<>(answers);
      assertThat(all).hasSize(WAITERS);
      assertThat(all.stream().collect(java.util.stream.Collectors.groupingBy(Answer::status, java.util.stream.Collectors.counting())))
          .as("answers by status").containsOnlyKeys(200);
      List<Integer> firsts = new ArrayList<>();
      for (Answer answer : all) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = Api.JSON.readTree(answer.body());
        int first = body.get("first").asInt();
        firsts.add(first);
        assertThat(body.at("/results/0/id").asText()).as(answer.body()).isEqualTo(Integer.toString(first));
        assertThat(body.at("/results/0/status").asText()).as(answer.body()).isEqualTo("succeeded");
      }
      assertThat(firsts).as("each its own task").doesNotHaveDuplicates();
      long lastAnswer = all.stream().mapToLong(Answer::millis).max().orElseThrow();
      long liveBefore = heapBefore.getOrDefault("Total", -1L);
      long liveWaiting = heapWaiting.getOrDefault("Total", -1L);
      steps.log("all %d answered; the slowest request took %d ms (its task slept until %d ms after the first was sent); "
          + "coordinator live heap %d KiB before, %d KiB with them all waiting (%d bytes per waiting request, "
          + "its appended task included); grown most: %s", WAITERS, lastAnswer, SLEEP_MS, liveBefore / 1024, liveWaiting / 1024,
          liveBefore < 0 || liveWaiting < 0 ? -1 : (liveWaiting - liveBefore) / WAITERS, grownMost(heapBefore, heapWaiting));
      assertThat(api.close(jobId).statusCode()).isEqualTo(200);
    }
  }

  private static Answer append(Api api, String jobId, long sleepMs) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = api.send(api.request("/api/jobs/" + jobId + "/tasks?wait=true")
          .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"tasks\": [{\"type\": \"sleep\", \"input\": {\"ms\": " + sleepMs + "}}]}")).build());
      return new Answer(response.statusCode(), response.body(),
          response.headers().firstValue("Retry-After").orElse(null), (System.nanoTime() - start) / 1_000_000);
    } catch (Exception failed) {
      return new Answer(-1, failed.toString(), null, (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Live bytes by class in a node's heap (jcmd GC.class_histogram collects first; "Total" too), empty when unknown. */
  private static Map<String, Long> liveHeap(long pid) {
    Map<String, Long> bytes = new java.util.HashMap<>();
    try {
      Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      process.waitFor();
      // "   1:   <instances>   <bytes>  <class>" ... "Total   <instances>   <bytes>"
      for (String line : out.split("\n")) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length >= 3 && fields[0].equals("Total")) {
          bytes.put("Total", Long.parseLong(fields[2]));
        } else if (fields.length >= 4 && fields[0].endsWith(":")) {
          bytes.put(fields[3], Long.parseLong(fields[2]));
        }
      }
    } catch (Exception unknown) {
      // no jcmd beside this java
    }
    return bytes;
  }

  /** The classes whose live bytes grew most between two histograms. */
  private static String grownMost(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream().filter(entry -> !entry.getKey().equals("Total"))
        .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
        .map(entry -> entry.getKey() + " +" + entry.getValue() / 1024 + " KiB")
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
