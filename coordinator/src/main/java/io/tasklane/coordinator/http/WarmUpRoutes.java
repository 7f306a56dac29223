package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code POST /api/cluster/warm-up}: runs a few no-op jobs through the cluster's own code paths
 * so that every node's JIT has compiled them before the first real job, and answers when they
 * have ended. Each job is decided on by the same intake as a posted job file (parse, types,
 * schemas), submitted to its job entity like any other (journaled, dispatched over Artery to
 * the workers' lanes, its results journaled), and its results are read through the same
 * followed-results stream the API serves (the lines rendered, then dropped). What it leaves out:
 * the job is not listed in the job index (so lists, the dashboard and a restarted coordinator's
 * wake-up never see it; its events stay in the journal under an id {@code warm-up-<uuid>}), and
 * the HTTP layer itself (the request and the response bytes). The tasks count in the metrics.
 * {@code tasklane local up} calls it before it reports the cluster up ({@code --no-warm-up}).
 */
final class WarmUpRoutes {

  /** What a warm-up did: its jobs' tasks and seconds, and whether max-time cut it short. */
  record Report(int jobs, int tasksPerJob, List<Double> jobSeconds, double seconds, boolean cutShort) {}

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final WarmUpSettings warmUp;
  private final JobRefs jobs;
  private final CatalogCache catalog;
  private final ResultRoutes results;
  private final JobIntake intake;
  /** One warm-up at a time: a second one would only slow the first. */
  private final AtomicBoolean running = new AtomicBoolean();

  WarmUpRoutes(ActorSystem<?> system, CoordinatorSettings settings, WarmUpSettings warmUp, JobRefs jobs,
      CatalogCache catalog, ResultRoutes results) {
    this.system = system;
    this.settings = settings;
    this.warmUp = warmUp;
    this.jobs = jobs;
    this.catalog = catalog;
    this.results = results;
    this.intake = new JobIntake(settings);
  }

  Route warmUp() {
    return parameterOptional("jobs", jobsParam -> parameterOptional("tasks", tasksParam -> {
      int jobCount;
      int taskCount;
      try {
        jobCount = amount("jobs", jobsParam, warmUp.jobs(), WarmUpSettings.MAX_JOBS);
        taskCount = amount("tasks", tasksParam, warmUp.tasks(), (int) Math.min(WarmUpSettings.MAX_TASKS, settings.maxTasks()));
      } catch (IllegalArgumentException bad) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, bad.getMessage()));
      }
      if (!running.compareAndSet(false, true)) {
        return complete(Json.error(StatusCodes.CONFLICT, "a warm-up is running on this node already"));
      }
      long started = System.nanoTime();
      CompletionStage<Report> done = next(new ArrayList<>(), jobCount, taskCount, started);
      return completeWithFuture(done
          .handle((report, failure) -> {
            running.set(false);
            if (failure != null) {
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "warm-up failed: " + cause.getMessage());
            }
            return Json.response(StatusCodes.OK, report);
          }));
    }));
  }

  /** Runs the remaining jobs one after another (each on a cluster the last one warmed further). */
  private CompletionStage<Report> next(List<Double> seconds, int jobCount, int taskCount, long started) {
    long elapsed = System.nanoTime() - started;
    boolean cutShort = seconds.size() < jobCount && elapsed > warmUp.maxTime().toNanos();
    if (seconds.size() == jobCount || cutShort) {
      return CompletableFuture.completedFuture(
          new Report(seconds.size(), taskCount, List.copyOf(seconds), elapsed / 1e9, cutShort));
    }
    long jobStarted = System.nanoTime();
    return oneJob(taskCount).thenCompose(lines -> {
      seconds.add(Math.round((System.nanoTime() - jobStarted) / 1e6) / 1e3);
      return next(seconds, jobCount, taskCount, started);
    });
  }

  /** One job of {@code tasks} no-op tasks, as a user would post it; completes once its results are read. */
  private CompletionStage<Long> oneJob(int tasks) {
    String text = "{\"name\":\"tasklane warm-up\",\"tasks\":[{\"id\":\"t\",\"type\":\"noop\",\"repeat\":" + tasks
        + ",\"input\":{\"i\":\"${i}\"}}]}";
    Submission submission = new Submission("warm-up", text, Map.of());
    return catalog.recent()
        .thenApply(recent -> intake.decide(submission, recent, () -> "warm-up-" + UUID.randomUUID()))
        .thenCompose(decision -> {
          if (decision.rejection() != null) {
            throw new IllegalStateException("the workers do not take no-op tasks yet (no worker has registered its lanes?)");
          }
          return jobs.job(decision.jobId()).<JobProtocol.JobAccepted>askWithStatus(
                  replyTo -> new JobProtocol.SubmitJob(decision.spec(), System.currentTimeMillis(), replyTo),
                  settings.askTimeout())
              .thenCompose(accepted -> results.followed(jobs.job(accepted.id()),
                      new Queries.ResultsQuery(false, true, Long.MAX_VALUE, 0, 0))
                  // a job that cannot end (its workers left) fails the warm-up instead of holding it
                  .completionTimeout(warmUp.maxTime())
                  .runWith(Sink.fold(0L, (count, bytes) -> count + bytes.length()), system));
        });
  }

  private static int amount(String name, Optional<String> given, int byDefault, int max) {
    if (given.isEmpty()) {
      return byDefault;
    }
    try {
      int value = Integer.parseInt(given.get());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // below
    }
    throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max + ", not '" + given.get() + "'");
  }
}
