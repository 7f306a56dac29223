package io.tasklane.coordinator.http;

import io.tasklane.coordinator.dashboard.DashboardSettings;
import io.tasklane.coordinator.dashboard.Rates;
import io.tasklane.coordinator.metrics.Metrics;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol.JobSummary;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import io.tasklane.protocol.dispatch.JobProtocol.JobStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a dashboard stream sends, as JSON: the cluster with every worker lane's tasks per second,
 * a page of jobs with their counts, rate and ETA, one job's status. A {@link View} per stream
 * keeps the rates' samples and the statuses of ended jobs (they no longer change), both bounded
 * by what the page shows.
 */
final class DashboardSnapshots {

  /** A worker lane now: the broker's figures and the tasks it ended per second. */
  record LaneLive(String worker, String lane, int capacity, int credit, int busy, double rate) {}

  record ClusterLive(List<ClusterBody.Node> nodes, List<LaneLive> lanes, Map<String, Long> queued, int jobsWithWork) {}

  /**
   * A job of the list: its summary, its counts per lane when known, its rate (tasks ended per
   * second; for an ended job its average) and ETA in seconds (null when unknown).
   */
  record JobLive(String id, String name, String state, long submittedAt, Long endedAt, long total,
      Map<String, JobStatusBody.Counts> lanes, double rate, Long eta) {}

  record JobsLive(List<JobLive> jobs, String state, int offset, int limit, long matching, long forgotten) {}

  /** The watched job: its status (null: no such job), rate and ETA. */
  record JobNow(String id, JobStatusBody status, double rate, Long eta) {}

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final DashboardSettings dashboard;
  private final JobRefs jobs;
  private final ClusterRoutes cluster;

  DashboardSnapshots(ActorSystem<?> system, CoordinatorSettings settings, DashboardSettings dashboard, JobRefs jobs,
      ClusterRoutes cluster) {
    this.system = system;
    this.settings = settings;
    this.dashboard = dashboard;
    this.jobs = jobs;
    this.cluster = cluster;
  }

  View view(DashboardStream.Watch watch) {
    return new View(watch);
  }

  /** One stream's view. Used by one tick at a time (the stream asks for the next after this one). */
  final class View {
    private final DashboardStream.Watch watch;
    private final Rates laneRates = new Rates(dashboard.rateWindow().toMillis());
    private final Rates jobRates = new Rates(dashboard.rateWindow().toMillis());
    private final Map<String, JobStatus> ended = new HashMap<>();

    private View(DashboardStream.Watch watch) {
      this.watch = watch;
    }

    CompletionStage<String> cluster() {
      return cluster.lanes().thenApply(view -> {
        ClusterBody body = cluster.body(view);
        Map<String, Long> endedTotals = Metrics.get(system).endedPerWorkerLane();
        long now = System.currentTimeMillis();
        Set<String> keys = new HashSet<>();
        List<LaneLive> lanes = new ArrayList<>();
        for (ClusterBody.LaneLoad lane : body.lanes()) {
          String key = lane.worker() + '|' + lane.lane();
          keys.add(key);
          double rate = laneRates.sample(key, endedTotals.getOrDefault(key, 0L), now);
          lanes.add(new LaneLive(lane.worker(), lane.lane(), lane.capacity(), lane.credit(), lane.busy(), round(rate)));
        }
        laneRates.retain(keys);
        return Json.text(new ClusterLive(body.nodes(), lanes, body.queued(), body.jobsWithWork()));
      });
    }

    CompletionStage<String> jobs() {
      Queries.JobsQuery page = watch.page();
      return jobs.index().<JobIndexProtocol.JobList>ask(
              replyTo -> new JobIndexProtocol.GetJobs(page.state(), page.offset(), page.limit(), replyTo),
              settings.askTimeout())
          .thenCompose(list -> {
            List<CompletableFuture<JobStatus>> statuses = new ArrayList<>();
            for (JobSummary job : list.jobs()) {
              statuses.add(status(job.id()).toCompletableFuture());
            }
            return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).thenApply(all -> {
              long now = System.currentTimeMillis();
              List<JobLive> live = new ArrayList<>();
              Set<String> shown = new HashSet<>();
              for (int i = 0; i < list.jobs().size(); i++) {
                live.add(live(list.jobs().get(i), statuses.get(i).join(), now));
                shown.add(list.jobs().get(i).id());
              }
              jobRates.retain(shown);
              ended.keySet().retainAll(shown);
              return Json.text(new JobsLive(live, page.state() == null ? null : page.state().name(), page.offset(),
                  page.limit(), list.matching(), list.forgotten()));
            });
          });
    }

    CompletionStage<String> job() {
      if (watch.job() == null) {
        return CompletableFuture.completedFuture("");
      }
      return jobs.lookup(watch.job()).thenApply(lookup -> {
        JobStatus status = lookup.status();
        if (status == null) {
          return Json.text(new JobNow(watch.job(), null, 0, null));
        }
        long ended = ended(status);
        double rate = status.state() == JobState.running
            ? jobRates.sample("watched|" + status.id(), ended, System.currentTimeMillis())
            : average(status, ended);
        return Json.text(new JobNow(status.id(), JobStatusBody.of(status), round(rate),
            status.state() == JobState.running ? Rates.eta(status.total() - ended, rate) : Long.valueOf(0)));
      });
    }

    /** A job's status: asked while it runs, kept once it ended; null when it cannot be had now. */
    private CompletionStage<JobStatus> status(String id) {
      JobStatus known = ended.get(id);
      if (known != null) {
        return CompletableFuture.completedFuture(known);
      }
      return jobs.lookup(id).thenApply(lookup -> {
        JobStatus status = lookup.status();
        if (status != null && status.state() != JobState.running) {
          ended.put(id, status);
        }
        return status;
      }).exceptionally(failure -> null);
    }

    private JobLive live(JobSummary job, JobStatus status, long now) {
      if (status == null) {
        return new JobLive(job.id(), job.name(), job.state().name(), job.submittedAt(), job.endedAt(), job.total(),
            null, 0, null);
      }
      long done = ended(status);
      boolean running = status.state() == JobState.running;
      double rate = running ? jobRates.sample(job.id(), done, now) : average(status, done);
      JobStatusBody body = JobStatusBody.of(status);
      return new JobLive(job.id(), job.name(), status.state().name(), job.submittedAt(), status.endedAt(),
          status.total(), body.lanes(), round(rate), running ? Rates.eta(status.total() - done, rate) : Long.valueOf(0));
    }
  }

  private static long ended(JobStatus status) {
    long ended = 0;
    for (var counts : status.lanes().values()) {
      ended += counts.succeeded() + counts.failed() + counts.timedOut() + counts.cancelled();
    }
    return ended;
  }

  /** An ended job's tasks per second over its life. */
  private static double average(JobStatus status, long ended) {
    long millis = status.endedAt() == null ? 0 : status.endedAt() - status.submittedAt();
    return millis <= 0 ? ended : round(ended * 1000.0 / millis);
  }

  private static double round(double rate) {
    return Math.round(rate * 10) / 10.0;
  }
}
