package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open job through the HTTP API of a real local cluster: submitted with {@code "open": true}
 * and no tasks, tasks streamed in with {@code POST /api/jobs/{id}/tasks} (with and without
 * wait), bad appends refused with the reason, closed, ended with every task's result once.
 */
class OpenJobIT {

  @TempDir Path work;
  private final Steps steps = new Steps("OpenJobIT");

  @Test
  void tasksStreamIntoAnOpenJobUntilItIsClosed() throws Exception {
    // a small append limit, to see it refuse
    try (LocalCluster cluster = LocalCluster.up(work, 1,
        Map.of("TASKLANE_NODE_OPTS", "-Dtasklane.coordinator.jobs.max-appends=22 -Dtasklane.coordinator.jobs.open-idle=8s"))) {
      Api api = cluster.api();
      String jobId = api.submit("{\"name\": \"stream\", \"open\": true}");
      JsonNode opened = api.status(jobId);
      assertThat(opened.get("state").asText()).isEqualTo("running");
      assertThat(opened.get("open").asBoolean()).as(opened.toString()).isTrue();
      assertThat(opened.get("total").asInt()).isZero();
      steps.log("open job %s", jobId);
      // a follower from the start: every result as its task ends, the stream ends with the job
      List<String> followed = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread follower = Thread.ofVirtual().start(() -> {
        try {
          HttpResponse<java.util.stream.Stream<String>> stream = api.http().send(
              api.request("/api/jobs/" + jobId + "/results?follow=true").timeout(Duration.ofMinutes(2)).GET().build(),
              HttpResponse.BodyHandlers.ofLines());
          stream.body().filter(line -> !line.isBlank()).forEach(followed::add);
        } catch (Exception failed) {
          followed.add("failed: " + failed);
        }
      });

      // with wait: the answer carries these tasks' results, numbered from the job's first task
      JsonNode first = ok(api.appendTasks(jobId, true,
          "{\"tasks\": [{\"type\": \"noop\", \"repeat\": 3, \"input\": {\"v\": \"a${i}\"}}]}"), 200);
      assertThat(first.get("first").asInt()).isZero();
      assertThat(first.get("tasks").asInt()).isEqualTo(3);
      assertThat(outputs(first)).containsExactly("a0", "a1", "a2");
      assertThat(ids(first)).containsExactly("0", "1", "2");

      // many appends at once, each on its own: each answer holds its own task's result
      List<Thread> threads = new ArrayList<>();
      List<JsonNode> answers = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int k = 0; k < 20; k++) {
        String body = "tasks:\n  - type: sleep\n    input: {ms: 50}\n  - type: noop\n    input: {v: \"b" + k + "\"}\n";
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            answers.add(ok(api.appendTasks(jobId, true, body), 200));
          } catch (Exception failed) {
            throw new AssertionError(failed);
          }
        }));
      }
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(60));
      }
      assertThat(answers).hasSize(20);
      List<Integer> firsts = new ArrayList<>();
      for (JsonNode answer : answers) {
        int at = answer.get("first").asInt();
        firsts.add(at);
        assertThat(ids(answer)).as(answer.toString()).containsExactly(Integer.toString(at), Integer.toString(at + 1));
        assertThat(answer.at("/results/0/output/sleptMs").asInt()).as(answer.toString()).isEqualTo(50);
        assertThat(answer.at("/results/1/output/v").asText()).as(answer.toString()).startsWith("b");
      }
      assertThat(firsts).as("two tasks each, one after the other").containsExactlyInAnyOrderElementsOf(
          java.util.stream.IntStream.range(0, 20).map(k -> 3 + 2 * k).boxed().toList());

      // without wait: 202 with where they are; still running until closed
      JsonNode later = ok(api.appendTasks(jobId, false, "{\"tasks\": [{\"type\": \"sleep\", \"input\": {\"ms\": 300}}]}"), 202);
      assertThat(later.get("first").asInt()).isEqualTo(43);

      // bad appends: the reason, nothing appended
      JsonNode withId = ok(api.appendTasks(jobId, false, "{\"tasks\": [{\"id\": \"x\", \"type\": \"noop\"}]}"), 400);
      assertThat(withId.toString()).contains("tasks[0].id", "position");
      JsonNode unknownType = ok(api.appendTasks(jobId, false, "{\"tasks\": [{\"type\": \"teleport\"}]}"), 400);
      assertThat(unknownType.toString()).contains("unknown task type 'teleport'");
      JsonNode jobField = ok(api.appendTasks(jobId, false, "{\"name\": \"n\", \"tasks\": [{\"type\": \"noop\"}]}"), 400);
      assertThat(jobField.toString()).contains("'name' is a field of a job");
      assertThat(api.appendTasks("j-nope", false, "{\"tasks\": [{\"type\": \"noop\"}]}").statusCode()).isEqualTo(404);
      String closedJob = api.submit("{\"tasks\": [{\"type\": \"noop\"}]}");
      JsonNode notOpen = ok(api.appendTasks(closedJob, false, "{\"tasks\": [{\"type\": \"noop\"}]}"), 409);
      assertThat(notOpen.get("error").asText()).contains("takes no more tasks", "\"open\": true");
      assertThat(api.status(jobId).get("total").asInt()).isEqualTo(44);
      assertThat(api.status(jobId).get("state").asText()).isEqualTo("running");
      JsonNode tooMany = ok(api.appendTasks(jobId, false, "{\"tasks\": [{\"type\": \"noop\"}]}"), 409);
      assertThat(tooMany.get("error").asText()).contains("has taken 22 appends", "jobs.max-appends");

      // closed: no more tasks; it ends once the last one has
      JsonNode closing = ok(api.close(jobId), 200);
      assertThat(closing.has("open")).as(closing.toString()).isFalse();
      assertThat(api.appendTasks(jobId, false, "{\"tasks\": [{\"type\": \"noop\"}]}").statusCode()).isEqualTo(409);
      JsonNode ended = api.awaitEnded(jobId, Duration.ofSeconds(60));
      assertThat(ended.get("state").asText()).isEqualTo("succeeded");
      assertThat(ended.get("total").asInt()).isEqualTo(44);
      // the job list has its final total too (it was listed with none); the index learns the end shortly after
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode listed = null;
        for (JsonNode job : ok(api.get("/api/jobs?limit=50"), 200).path("jobs")) {
          if (job.path("id").asText().equals(jobId)) {
            listed = job;
          }
        }
        assertThat(listed).as("listed").isNotNull();
        assertThat(listed.get("state").asText()).isEqualTo("succeeded");
        assertThat(listed.get("total").asInt()).as(listed.toString()).isEqualTo(44);
      });
      assertThat(api.resultsById(jobId, 44)).containsKeys("0", "43");
      follower.join(Duration.ofSeconds(30));
      assertThat(follower.isAlive()).as("the followed stream ended with the job").isFalse();
      assertThat(followed).as("%s", followed).hasSize(44);
      assertThat(followed.stream().map(line -> {
        try {
          return Api.JSON.readTree(line).get("id").asText();
        } catch (java.io.IOException e) {
          return line;
        }
      }).distinct().count()).isEqualTo(44);
      assertThat(api.get("/api/jobs/" + jobId + "/results?follow=true&from=3").statusCode()).isEqualTo(400);

      // an open job left without appends for open-idle (8 s here) is closed, and ends
      String forgotten = api.submit("{\"open\": true}");
      ok(api.appendTasks(forgotten, true, "{\"tasks\": [{\"type\": \"noop\"}]}"), 200);
      assertThat(api.status(forgotten).get("state").asText()).isEqualTo("running");
      JsonNode closedByItself = api.awaitEnded(forgotten, Duration.ofSeconds(30));
      assertThat(closedByItself.get("state").asText()).as(closedByItself.toString()).isEqualTo("succeeded");
      assertThat(closedByItself.has("open")).isFalse();

      // cancelling an open job with nothing left to run closes it: it ends as its tasks did
      String idle = api.submit("{\"open\": true}");
      ok(api.appendTasks(idle, true, "{\"tasks\": [{\"type\": \"noop\"}]}"), 200);
      JsonNode cancelled = ok(api.send(api.request("/api/jobs/" + idle).DELETE().build()), 202);
      assertThat(cancelled.get("state").asText()).as(cancelled.toString()).isEqualTo("succeeded");

      // an append sent again under its Idempotency-Key (its answer lost, say) is not taken twice
      String keyed = api.submit("{\"open\": true}");
      String sleepy = "{\"tasks\": [{\"type\": \"sleep\", \"repeat\": 2, \"input\": {\"ms\": 200}}]}";
      JsonNode taken = ok(api.appendTasks(keyed, false, sleepy, "batch-1"), 202);
      assertThat(taken.has("repeated")).isFalse();
      JsonNode again = ok(api.appendTasks(keyed, true, sleepy, "batch-1"), 200);
      assertThat(again.get("repeated").asBoolean()).as(again.toString()).isTrue();
      assertThat(again.get("first").asInt()).isEqualTo(taken.get("first").asInt());
      assertThat(ids(again)).as("with wait: the first append's results").containsExactly("0", "1");
      JsonNode other = ok(api.appendTasks(keyed, false, "{\"tasks\": [{\"type\": \"noop\"}]}", "batch-1"), 409);
      assertThat(other.get("error").asText()).contains("other tasks under this Idempotency-Key");
      ok(api.appendTasks(keyed, false, "{\"tasks\": [{\"type\": \"noop\"}]}", "batch-2"), 202);
      assertThat(api.status(keyed).get("total").asInt()).isEqualTo(3);

      // the results of one append, from its URL
      HttpResponse<String> range = api.get("/api/jobs/" + jobId + "/results?from=3&limit=2");
      assertThat(range.statusCode()).isEqualTo(200);
      assertThat(range.body().lines().map(line -> {
        try {
          return Api.JSON.readTree(line).get("id").asText();
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      }).toList()).containsExactly("3", "4");
      assertThat(api.get("/api/jobs/" + jobId + "/results?from=-1").statusCode()).isEqualTo(400);
    }
  }


  private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
    return Api.JSON.readTree(response.body());
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("results").forEach(result -> ids.add(result.get("id").asText()));
    return ids;
  }

  private static List<String> outputs(JsonNode answer) {
    List<String> values = new ArrayList<>();
    answer.get("results").forEach(result -> values.add(result.at("/output/v").asText()));
    return values;
  }
}
