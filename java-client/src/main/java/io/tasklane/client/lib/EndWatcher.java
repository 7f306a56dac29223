package io.tasklane.client.lib;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Completes a future with a job's final status, from its event stream
 * ({@code GET …/events}, the {@code end} event), asynchronously: no thread waits while the job
 * runs. A lost stream is opened again after a backoff (the first event is then the current
 * status), for as long as the client's follow patience allows; cancelling the future stops it.
 */
final class EndWatcher {

  private final Transport transport;
  private final String jobId;
  private final Duration patience;
  private final CompletableFuture<JobStatus> ended = new CompletableFuture<>();
  private volatile Flow.Subscription current;
  private long lostSinceNanos;
  private int failures;

  private EndWatcher(Transport transport, String jobId, Duration patience) {
    this.transport = transport;
    this.jobId = jobId;
    this.patience = patience;
  }

  static CompletableFuture<JobStatus> watch(Transport transport, String jobId, Duration patience) {
    EndWatcher watcher = new EndWatcher(transport, jobId, patience);
    watcher.ended.whenComplete((status, failure) -> {
      Flow.Subscription open = watcher.current;
      if (open != null) {
        open.cancel();
      }
    });
    watcher.connect();
    return watcher.ended;
  }

  private void connect() {
    if (ended.isDone()) {
      return;
    }
    HttpRequest request = transport.request(Transport.jobPath(jobId) + "/events")
        .header("Accept", "text/event-stream").GET().build();
    Events events = new Events();
    transport.http().sendAsync(request, info -> info.statusCode() == 200
            ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.fromLineSubscriber(events), none -> "")
            : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8))
        .whenComplete((response, failure) -> {
          if (ended.isDone()) {
            return;
          }
          if (failure == null && response.statusCode() != 200) {
            TasklaneException error = Errors.of(transport.server(), response.statusCode(), response.body(), null, jobId);
            if (!Errors.isTransient(response.statusCode())) {
              ended.completeExceptionally(error);
              return;
            }
            failure = error;
          }
          lost(failure == null ? new TasklaneException("the event stream ended before the job did") : failure);
        });
  }

  private synchronized void lost(Throwable why) {
    long now = System.nanoTime();
    if (failures++ == 0) {
      lostSinceNanos = now;
    }
    if (now - lostSinceNanos > patience.toNanos()) {
      ended.completeExceptionally(new UnreachableException("lost the events of job " + jobId + " from "
          + transport.server() + " for " + patience.toSeconds() + " s: " + Transport.reason(why), 0, why));
      return;
    }
    long wait = transport.retry().backoff(failures).toMillis();
    CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS).execute(this::connect);
  }

  private synchronized void heard() {
    failures = 0;
  }

  /** The SSE lines of one connection: a status or the end completes the future once the job has ended. */
  private final class Events implements Flow.Subscriber<String> {

    private final SseDecoder decoder = new SseDecoder(this::onEvent);

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      current = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      decoder.accept(line);
    }

    private void onEvent(JobEvent event) {
      if (!event.isEnd() && !event.name().equals(JobEvent.STATUS)) {
        return;
      }
      heard();
      try {
        JobStatus status = event.status();
        if (event.isEnd() || status.isEnded()) {
          ended.complete(status);
        }
      } catch (RuntimeException unreadable) {
        ended.completeExceptionally(unreadable);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // the response future fails too; it reconnects
    }

    @Override
    public void onComplete() {
      // the response future completes; it reconnects unless the job ended
    }
  }
}
