package io.tasklane.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.JobHandle;
import io.tasklane.client.lib.Task;
import io.tasklane.client.lib.TaskResult;
import io.tasklane.client.lib.TasklaneClient;
import java.util.BitSet;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A client program for {@link JavaClientIT}, run in its own JVM with a small heap: submits a job
 * of {@code args[2]} noop tasks through the library and streams every result, counting them and
 * marking each task's index, then prints {@code results=N distinct=D succeeded=S maxHeapMiB=H}.
 * Exit 0 when it ran to the end.
 */
public final class StreamMillionResults {

  private StreamMillionResults() {
  }

  public static void main(String[] args) {
    TasklaneClient client = TasklaneClient.connect(args[0], args[1]);
    int tasks = Integer.parseInt(args[2]);
    JobHandle job = client.submit(Job.builder().name("a-million")
        .task(Task.of("noop").id("m").repeat(tasks).input(Map.of("v", "${i}"))).build());
    BitSet seen = new BitSet(tasks);
    long results = 0;
    long succeeded = 0;
    try (Stream<TaskResult<JsonNode>> stream = job.results()) {
      for (TaskResult<JsonNode> result : (Iterable<TaskResult<JsonNode>>) stream::iterator) {
        results++;
        int index = Integer.parseInt(result.id().substring("m-".length()));
        if (result.succeeded() && String.valueOf(index).equals(result.output().path("v").asText())) {
          succeeded++;
        }
        seen.set(index);
      }
    }
    System.out.printf("results=%d distinct=%d succeeded=%d maxHeapMiB=%d%n", results, seen.cardinality(), succeeded,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }
}
