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
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /api/cluster/warm-up}: runs a few no-op jobs through the cluster's own code paths
 * so that every node's JIT has compiled them before the first real job, and answers when they
 * have ended. Each job is decided on by the same intake as a posted job file (parse, types,
 * schemas), submitted to its job entity like any other (journaled, dispatched over Artery to
 * the workers' lanes, its results journaled), and its results are followed over the node's own
 * HTTP API ({@code GET …/results?follow=true}), as a client reads them. What it leaves out:
 * the job is not listed in the job index (so lists, the dashboard and a restarted coordinator's
 * wake-up never see it; its events stay in the journal under an id {@code warm-up-<uuid>}), and
 * the HTTP bytes of its submit. Then {@link WarmUpRequests}: a few
 * thousand appends of one task each with wait, over this node's own HTTP API, to unlisted open
 * jobs: the path of a service's requests. The tasks count in the metrics. It answers once this
 * node's JIT has compiled what the warm-up queued ({@link JitSettle}, at most {@code jit-settle-max}).
 * {@code tasklane local up} calls it before it reports the cluster up ({@code --no-warm-up}).
 */
final class WarmUpRoutes {

  /**
   * What a warm-up did: its jobs' tasks and seconds, the requests it sent and their seconds, how
   * long it then waited for the JIT, and whether max-time cut it short.
   */
  record Report(int jobs, int tasksPerJob, List<Double> jobSeconds, int requests, double requestSeconds,
      double jitSettleSeconds, double seconds, boolean cutShort) {

    Report settled(double jitSeconds, long started) {
      return new Report(jobs, tasksPerJob, jobSeconds, requests, requestSeconds, jitSeconds,
          (System.nanoTime() - started) / 1e9, cutShort);
    }
  }

  /** The task types the requests append, in turn, where the workers offer them (one per lane at least). */
  private static final List<Map.Entry<String, String>> REQUEST_TASKS = List.of(
      Map.entry("noop", "{\"tasks\":[{\"type\":\"noop\",\"input\":{\"i\":\"1\"}}]}"),
      Map.entry("sleep", "{\"tasks\":[{\"type\":\"sleep\",\"input\":{\"ms\":1}}]}"),
      Map.entry("sha256", "{\"tasks\":[{\"type\":\"sha256\",\"input\":{\"iterations\":1}}]}"));

  private final CoordinatorSettings settings;
  private final WarmUpSettings warmUp;
  private final JobRefs jobs;
  private final CatalogCache catalog;
  private final JobIntake intake;
  private final WarmUpRequests requests;
  /** One warm-up at a time: a second one would only slow the first. */
  private final AtomicBoolean running = new AtomicBoolean();

  WarmUpRoutes(CoordinatorSettings settings, WarmUpSettings warmUp, JobRefs jobs,
      CatalogCache catalog, WarmUpRequests requests) {
    this.settings = settings;
    this.warmUp = warmUp;
    this.jobs = jobs;
    this.catalog = catalog;
    this.intake = new JobIntake(settings);
    this.requests = requests;
  }

  Route warmUp() {
    return parameterOptional("jobs", jobsParam -> parameterOptional("tasks", tasksParam ->
        parameterOptional("requests", requestsParam -> {
      int jobCount;
      int taskCount;
      int requestCount;
      try {
        jobCount = amount("jobs", jobsParam, warmUp.jobs(), 1, WarmUpSettings.MAX_JOBS);
        taskCount = amount("tasks", tasksParam, warmUp.tasks(), 1, (int) Math.min(WarmUpSettings.MAX_TASKS, settings.maxTasks()));
        requestCount = amount("requests", requestsParam, warmUp.requests(), 0, WarmUpSettings.MAX_REQUESTS);
      } catch (IllegalArgumentException bad) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, bad.getMessage()));
      }
      if (!running.compareAndSet(false, true)) {
        return complete(Json.error(StatusCodes.CONFLICT, "a warm-up is running on this node already"));
      }
      long started = System.nanoTime();
      CompletionStage<Report> done = next(new ArrayList<>(), jobCount, taskCount, started)
          .thenCompose(jobsDone -> withRequests(jobsDone, requestCount, started))
          // answered once the JIT has compiled what the warm-up queued, not while it still compiles
          .thenCompose(report -> JitSettle.await(warmUp.jitSettleMax()).thenApply(waited -> report.settled(waited, started)));
      return completeWithFuture(done
          .handle((report, failure) -> {
            running.set(false);
            if (failure != null) {
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "warm-up failed: " + cause.getMessage());
            }
            return Json.response(StatusCodes.OK, report);
          }));
    })));
  }

  /** Runs the remaining jobs one after another (each on a cluster the last one warmed further). */
  private CompletionStage<Report> next(List<Double> seconds, int jobCount, int taskCount, long started) {
    long elapsed = System.nanoTime() - started;
    boolean cutShort = seconds.size() < jobCount && elapsed > warmUp.maxTime().toNanos();
    if (seconds.size() == jobCount || cutShort) {
      return CompletableFuture.completedFuture(
          new Report(seconds.size(), taskCount, List.copyOf(seconds), 0, 0, 0, elapsed / 1e9, cutShort));
    }
    long jobStarted = System.nanoTime();
    return oneJob(taskCount).thenCompose(lines -> {
      seconds.add(Math.round((System.nanoTime() - jobStarted) / 1e6) / 1e3);
      return next(seconds, jobCount, taskCount, started);
    });
  }

  /**
   * Then the requests: unlisted open jobs (one per request in flight), {@code count} appends with
   * wait over HTTP (the task types of {@link #REQUEST_TASKS} the workers offer, in turn), the jobs
   * closed. None once max-time has passed; none sent past it.
   */
  private CompletionStage<Report> withRequests(Report jobsDone, int count, long started) {
    long deadline = started + warmUp.maxTime().toNanos();
    if (count == 0 || jobsDone.cutShort() || System.nanoTime() >= deadline) {
      return CompletableFuture.completedFuture(jobsDone);
    }
    long requestsStarted = System.nanoTime();
    return catalog.recent().thenCompose(recent -> {
      List<String> bodies = REQUEST_TASKS.stream()
          .filter(type -> recent.handlers().containsKey(type.getKey())).map(Map.Entry::getValue).toList();
      if (bodies.isEmpty()) {
        throw new IllegalStateException("the workers take none of the task types "
            + REQUEST_TASKS.stream().map(Map.Entry::getKey).toList() + " yet");
      }
      List<CompletableFuture<String>> opened = new ArrayList<>();
      for (int i = 0; i < Math.min(count, warmUp.requestsInFlight()); i++) {
        opened.add(openJob(recent).toCompletableFuture());
      }
      return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).thenCompose(all -> {
        List<String> ids = opened.stream().map(CompletableFuture::join).toList();
        // the jobs are closed whether the requests went through or not (a refused one fails the warm-up)
        CompletableFuture<Integer> sending = requests.appendEach(ids, count, ids.size(), bodies, deadline)
            .toCompletableFuture();
        return sending.handle((sent, failure) -> sent)
            .thenCompose(any -> CompletableFuture.allOf(ids.stream()
                .map(id -> jobs.job(id).<JobProtocol.JobLookup>ask(JobProtocol.CloseJob::new, settings.askTimeout())
                    .toCompletableFuture())
                .toArray(CompletableFuture[]::new)))
            .thenCompose(closed -> sending)
            .thenApply(sent -> {
              long now = System.nanoTime();
              return new Report(jobsDone.jobs(), jobsDone.tasksPerJob(), jobsDone.jobSeconds(), sent,
                  Math.round((now - requestsStarted) / 1e6) / 1e3, 0, (now - started) / 1e9, sent < count);
            });
      });
    });
  }

  /** An unlisted open job with no tasks yet; completes with its id once it is journaled. */
  private CompletionStage<String> openJob(io.tasklane.protocol.dispatch.BrokerProtocol.Catalog recent) {
    String text = "{\"name\":\"tasklane warm-up (requests)\",\"open\":true,\"tasks\":[]}";
    JobIntake.Decision decision = intake.decide(new Submission("warm-up", text, Map.of()), recent,
        () -> "warm-up-" + UUID.randomUUID());
    if (decision.rejection() != null) {
      throw new IllegalStateException("cannot open the warm-up's job: " + decision.rejection());
    }
    return jobs.job(decision.jobId()).<JobProtocol.JobAccepted>askWithStatus(
            replyTo -> new JobProtocol.SubmitJob(decision.spec(), System.currentTimeMillis(), replyTo), settings.askTimeout())
        .thenApply(JobProtocol.JobAccepted::id);
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
              // over HTTP, as a client follows them; a job that cannot end (its workers left) fails
              // the warm-up at max-time instead of holding it
              .thenCompose(accepted -> requests.followResults(accepted.id(), warmUp.maxTime()));
        });
  }

  private static int amount(String name, Optional<String> given, int byDefault, int min, int max) {
    if (given.isEmpty()) {
      return byDefault;
    }
    try {
      int value = Integer.parseInt(given.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // below
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + given.get() + "'");
  }
}
