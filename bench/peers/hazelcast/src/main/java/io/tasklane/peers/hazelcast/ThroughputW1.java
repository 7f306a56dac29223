package io.tasklane.peers.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * W1: {@code tasks} no-op tasks (a Callable returning its input, {"i":"123"}), submitted to the
 * members round-robin with {@code submitToMember}; tasks/s from the first submit until every
 * future has completed (each result checked against its input). Warm-up runs, then medians.
 */
final class ThroughputW1 {

  private final HazelcastInstance client;
  private final List<Member> members;
  private final Options options;

  ThroughputW1(HazelcastInstance client, List<Member> members, Options options) {
    this.client = client;
    this.members = members;
    this.options = options;
  }

  Json run() throws Exception {
    IExecutorService executor = client.getExecutorService(options.w1Pool());
    int tasks = options.tasks();
    String[] inputs = new String[tasks];
    for (int i = 0; i < tasks; i++) {
      inputs[i] = "{\"i\":\"" + i + "\"}";
    }
    for (int i = 1; i <= options.warmups(); i++) {
      double seconds = once(executor, inputs);
      Driver.progress("W1 warm-up %d/%d: %.3f s, %,.0f tasks/s", i, options.warmups(), seconds, tasks / seconds);
    }
    Json line = new Json().put("workload", "W1").put("system", Driver.SYSTEM)
        .put("configuration", configuration()).put("tasks", tasks);
    List<Object> runs = line.list("runs");
    List<Double> rates = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      double s = once(executor, inputs);
      rates.add(tasks / s);
      seconds.add(s);
      runs.add(new Json().put("seconds", Stats.round(s, 4)).put("tasks_per_s", Math.round(tasks / s)));
      Driver.progress("W1 run %d/%d: %.3f s, %,.0f tasks/s", i, options.runs(), s, tasks / s);
    }
    return line.put("warmups", options.warmups())
        .put("median_tasks_per_s", Math.round(Stats.median(rates)))
        .put("median_seconds", Stats.round(Stats.median(seconds), 4));
  }

  private String configuration() {
    return "IExecutorService '" + options.w1Pool() + "' (" + (options.w1Pool().equals(PeerConfig.W1) ? 1 : 16)
        + " thread(s) per member), 2 member JVMs + a smart-client driver JVM, submitToMember round-robin, "
        + "one future per task, IdentifiedDataSerializable tasks";
  }

  /** One run: seconds from the first submit until every result is in. */
  private double once(IExecutorService executor, String[] inputs) throws Exception {
    List<Future<String>> futures = new ArrayList<>(inputs.length);
    int memberCount = members.size();
    long start = System.nanoTime();
    for (int i = 0; i < inputs.length; i++) {
      futures.add(executor.submitToMember(new Tasks.Echo(inputs[i]), members.get(i % memberCount)));
    }
    for (int i = 0; i < inputs.length; i++) {
      String result = futures.get(i).get();
      if (!inputs[i].equals(result)) {
        throw new IllegalStateException("W1: task " + i + " returned " + result + ", expected " + inputs[i]);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
