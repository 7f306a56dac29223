package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.JobHandle;
import io.tasklane.client.lib.JobState;
import io.tasklane.client.lib.Task;
import io.tasklane.client.lib.TaskResult;
import io.tasklane.client.lib.TasklaneClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library follower outlives its coordinator: kill -9 of the only coordinator while a client
 * streams a job's results, the same command line again, and the stream goes on where it was
 * (after=N) and ends with the job: every task's result once, none missed, none twice; the
 * future of the job's end completes too.
 */
class JavaClientRestartIT {

  private static final int NAPS = 2000;

  @TempDir Path work;
  private final Steps steps = new Steps("JavaClientRestartIT");

  @Test
  void aFollowOfResultsSurvivesACoordinatorRestart() throws Exception {
    try (LocalCluster cluster = LocalCluster.up(work, 1, Map.of())) {
      TasklaneClient client = TasklaneClient.fromLocalCluster(work);
      JobHandle job = client.submit(Job.builder().name("follow-through-restart").defaults(Duration.ofSeconds(60), 0)
          .task(Task.of("sleep", Map.of("ms", 1500)).id("nap").repeat(NAPS)).build());
      CompletableFuture<io.tasklane.client.lib.JobStatus> ended = job.whenEnded();
      Set<String> ids = ConcurrentHashMap.newKeySet();
      AtomicLong lines = new AtomicLong();
      AtomicLong succeeded = new AtomicLong();
      CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
        try (Stream<TaskResult<JsonNode>> results = job.results()) {
          results.forEach(result -> {
            ids.add(result.id());
            lines.incrementAndGet();
            if (result.succeeded()) {
              succeeded.incrementAndGet();
            }
          });
        }
      });

      await("the first results followed").atMost(Duration.ofSeconds(60)).until(() -> lines.get() > 0);
      long before = lines.get();
      LocalCluster.Node coordinator = cluster.coordinator();
      List<String> command = Processes.commandLine(coordinator.pid());
      Processes.kill9(coordinator.pid());
      steps.log("coordinator killed with %s of %s results followed", before, NAPS);
      assertThat(before).as("killed mid-job").isLessThan(NAPS);
      cluster.restart(command, work.resolve(".tasklane/logs/coordinator-restarted.log"));

      following.get(180, TimeUnit.SECONDS);
      steps.log("follow ended with %s results", lines.get());
      assertThat(lines.get()).as("every result once%s", cluster.logs()).isEqualTo(NAPS);
      assertThat(ids).hasSize(NAPS);
      assertThat(succeeded.get()).isEqualTo(NAPS);
      assertThat(ended.get(60, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
    }
  }
}
