package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code test.flaky}, input {@code {failTimes}}: the first {@code failTimes} attempts of a task
 * fail, later ones succeed with {@code {attempts, attempt, gapsMs}} (the milliseconds between
 * consecutive attempts). Attempts are counted per task id in this worker JVM.
 */
public final class FlakyHandler implements IoTaskHandler {

  private static final ConcurrentHashMap<String, List<Long>> STARTS = new ConcurrentHashMap<>();

  @Override
  public String type() {
    return "test.flaky";
  }

  @Override
  public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
    List<Long> starts = STARTS.computeIfAbsent(context.taskId(), id -> new CopyOnWriteArrayList<>());
    starts.add(System.nanoTime());
    int attempts = starts.size();
    int failTimes = input.path("failTimes").asInt(0);
    if (attempts <= failTimes) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "test.flaky failure " + attempts + " of " + failTimes + " (task " + context.taskId() + ")"));
    }
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("attempts", attempts);
    output.put("attempt", context.attempt());
    var gaps = output.putArray("gapsMs");
    for (int i = 1; i < starts.size(); i++) {
      gaps.add((starts.get(i) - starts.get(i - 1)) / 1_000_000L);
    }
    return CompletableFuture.completedFuture(output);
  }
}
