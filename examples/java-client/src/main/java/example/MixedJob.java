package example;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.JobHandle;
import io.tasklane.client.lib.JobStatus;
import io.tasklane.client.lib.Task;
import io.tasklane.client.lib.TaskResult;
import io.tasklane.client.lib.TasklaneClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Submits a job that mixes I/O tasks (sleeps: they wait, holding no thread) and CPU tasks
 * (iterated SHA-256 and factorials: they compute, one per core), prints each result as its task
 * ends, and exits 0 when every task succeeded (1 otherwise).
 */
public final class MixedJob {

  private MixedJob() {
  }

  public static void main(String[] args) throws Exception {
    // TASKLANE_SERVER / TASKLANE_TOKEN, else the local cluster in ./.tasklane (`tasklane local up`)
    TasklaneClient tasklane = TasklaneClient.discover();
    Job job = Job.builder().name("java-client-example").defaults(Duration.ofSeconds(60), 1)
        .task(Task.of("sleep").id("nap").repeat(20).input(Map.of("ms", 500)))
        .task(Task.of("sha256").id("hash").repeat(8).input(Map.of("iterations", 300_000)))
        .task(Task.of("factorial").id("fact").foreach(1000, 1004).input(Map.of("n", "${i}")))
        .build();

    JobHandle handle = tasklane.submit(job);
    System.out.printf("submitted %s (%d tasks) to %s%n", handle.id(), handle.submittedTasks(), tasklane.server());
    try (Stream<TaskResult<JsonNode>> results = handle.results()) {
      results.forEach(result -> System.out.printf("%-8s %-4s %-10s %s%n", result.id(), result.lane().wireName(),
          result.status().name().toLowerCase(), result.succeeded() ? brief(result.output()) : result.error()));
    }
    JobStatus end = handle.whenEnded().get();
    System.out.printf("job %s %s: %d of %d tasks succeeded%n", end.id(), end.state().name().toLowerCase(),
        end.succeeded(), end.total());
    System.exit(end.succeeded() == end.total() ? 0 : 1);
  }

  private static String brief(JsonNode output) {
    String text = output.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
