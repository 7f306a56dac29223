package io.tasklane.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.task.TaskStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The coordinator node's metrics (Prometheus text at {@code GET /metrics}). Worker-side figures
 * arrive with the workers' messages (credit offers, results with their attempts), so the
 * coordinator serves them for every worker: scrape the coordinators only.
 */
public final class Metrics implements Extension {

  private static final ExtensionId<Metrics> ID = new ExtensionId<>() {
    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      return new Metrics();
    }
  };

  /** Few, fixed buckets: recording stays cheap at a million tasks a job. */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(10)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EnumMap<Lane, DistributionSummary> batchSizes = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Timer> queueWait = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Timer> runTime = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Counter> dispatched = new EnumMap<>(Lane.class);
  private final EnumMap<Lane, Counter> retried = new EnumMap<>(Lane.class);
  private final Map<String, Counter> ended = new ConcurrentHashMap<>();
  private final LaneGauges lanes;
  private final JobGauges jobs;

  public static Metrics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (Lane lane : Lane.values()) {
      String name = lane.wireName();
      batchSizes.put(lane, DistributionSummary.builder("tasklane_dispatch_batch_size")
          .description("Tasks per message sent to a worker lane").tag("lane", name)
          .serviceLevelObjectives(1, 10, 100, 500, 1000, 5000).register(registry));
      queueWait.put(lane, Timer.builder("tasklane_task_queue_wait")
          .description("From job submission to the task's dispatch to a worker").tag("lane", name)
          .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
      runTime.put(lane, Timer.builder("tasklane_task_run")
          .description("From dispatch to the worker's result (all attempts, transport included)").tag("lane", name)
          .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
      dispatched.put(lane, Counter.builder("tasklane_tasks_started")
          .description("Tasks sent to a worker lane (a task requeued after a lost worker counts again)")
          .tag("lane", name).register(registry));
      retried.put(lane, Counter.builder("tasklane_tasks_retried")
          .description("Attempts after the first, over ended tasks").tag("lane", name).register(registry));
    }
    this.lanes = new LaneGauges(registry);
    this.jobs = new JobGauges(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public LaneGauges lanes() {
    return lanes;
  }

  public JobGauges jobs() {
    return jobs;
  }

  public void dispatched(Lane lane, int tasks) {
    batchSizes.get(lane).record(tasks);
    dispatched.get(lane).increment(tasks);
  }

  public void queueWait(Lane lane, Duration wait) {
    queueWait.get(lane).record(wait);
  }

  public void runTime(Lane lane, Duration time) {
    runTime.get(lane).record(time);
  }

  /** {@code tasks} tasks of {@code lane} ended with {@code status} on {@code worker} (counted per batch). */
  public void ended(Lane lane, String worker, TaskStatus status, int tasks) {
    String key = lane.wireName() + '|' + worker + '|' + status.wireName();
    ended.computeIfAbsent(key, k -> Counter.builder("tasklane_tasks_ended")
        .description("Tasks ended, by lane, worker node and status")
        .tags("lane", lane.wireName(), "worker", worker == null ? "" : worker, "status", status.wireName())
        .register(registry)).increment(tasks);
  }

  /**
   * Tasks ended on this node so far per worker lane, every status together, keyed
   * {@code worker|lane} (the live dashboard turns them into tasks per second).
   */
  public Map<String, Long> endedPerWorkerLane() {
    Map<String, Long> totals = new java.util.HashMap<>();
    ended.forEach((key, counter) -> {
      int lane = key.indexOf('|');
      int status = key.lastIndexOf('|');
      totals.merge(key.substring(lane + 1, status) + '|' + key.substring(0, lane), (long) counter.count(), Long::sum);
    });
    return totals;
  }

  /** A task of {@code lane} ended after {@code attempts} attempts: those after the first count as retries. */
  public void retried(Lane lane, int attempts) {
    if (attempts > 1) {
      retried.get(lane).increment(attempts - 1);
    }
  }
}
