package io.tasklane.coordinator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import io.tasklane.protocol.dispatch.JobProtocol.LaneCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * {@code tasklane_job_tasks{job, status}} for the jobs active on this node: each job publishes
 * its latest status; a job's series go away when it passivates.
 */
public final class JobGauges {

  private static final Map<String, ToIntFunction<LaneCounts>> STATUSES = Map.of(
      "queued", LaneCounts::queued,
      "running", LaneCounts::running,
      "succeeded", LaneCounts::succeeded,
      "failed", LaneCounts::failed,
      "timed_out", LaneCounts::timedOut,
      "cancelled", LaneCounts::cancelled);

  private final MeterRegistry registry;
  private final Map<String, JobStatus> latest = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

  JobGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  public void publish(JobStatus status) {
    latest.put(status.id(), status);
    meters.computeIfAbsent(status.id(), this::register);
  }

  public void remove(String jobId) {
    latest.remove(jobId);
    List<Meter> gone = meters.remove(jobId);
    if (gone != null) {
      gone.forEach(registry::remove);
    }
  }

  private List<Meter> register(String jobId) {
    List<Meter> list = new ArrayList<>();
    STATUSES.forEach((status, count) -> list.add(Gauge.builder("tasklane_job_tasks", () -> sum(jobId, count))
        .description("Tasks of a job active on this coordinator node, by status")
        .tags("job", jobId, "status", status)
        .register(registry)));
    return list;
  }

  private int sum(String jobId, ToIntFunction<LaneCounts> count) {
    JobStatus status = latest.get(jobId);
    if (status == null) {
      return 0;
    }
    int total = 0;
    for (Lane lane : Lane.values()) {
      LaneCounts counts = status.lanes().get(lane);
      if (counts != null) {
        total += count.applyAsInt(counts);
      }
    }
    return total;
  }
}
