package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.index.JobIndex;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.JobIndexProtocol;
import io.tasklane.protocol.dispatch.JobProtocol;
import io.tasklane.protocol.dispatch.JobProtocol.JobState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** {@code /api/jobs…}: submit, list, status, cancel, results (streamed), events (SSE). */
final class JobRoutes {

  static final ContentType NDJSON = ContentTypes.create(
      MediaTypes.customWithFixedCharset("application", "x-ndjson", HttpCharsets.UTF_8, java.util.Map.of(), false));

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);
  /** Longest a followed results stream goes without a byte (under HTTP's idle timeout). */
  static final Duration FOLLOW_KEEP_ALIVE = Duration.ofSeconds(15);
  /** How long one request of a follower may wait (the job answers within results-follow-park, less). */
  private static final Duration FOLLOW_ASK = io.tasklane.coordinator.CoordinatorSettings.FOLLOW_ASK;
  /** The pause before asking again after an empty page. */
  private static final Duration FOLLOW_RETRY = Duration.ofMillis(200);
  private static final int DEFAULT_LIST_LIMIT = 100;

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ClusterSharding sharding;
  private final ActorRef<BrokerProtocol.Command> broker;
  private final ActorRef<JobIndexProtocol.Command> indexWriter;
  private final JobIntake intake;

  JobRoutes(
      ActorSystem<?> system,
      CoordinatorSettings settings,
      ActorRef<BrokerProtocol.Command> broker,
      ActorRef<JobIndexProtocol.Command> indexWriter) {
    this.system = system;
    this.indexWriter = indexWriter;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.broker = broker;
    this.intake = new JobIntake(settings);
  }

  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> parameterOptional("wait", wait -> submit(isTrue(wait)))),
            get(this::list))),
        pathPrefix(PathMatchers.segment(), id -> JOB_ID.matcher(id).matches()
            ? concat(
                pathEndOrSingleSlash(() -> concat(get(() -> status(id)), delete(() -> cancel(id)))),
                path("tasks", () -> post(() -> parameterOptional("wait", wait -> append(id, isTrue(wait))))),
                path("close", () -> post(() -> close(id))),
                path("results", () -> get(() -> results(id))),
                path("events", () -> get(() -> events(id))))
            : complete(noSuchJob(id))));
  }

  private static boolean isTrue(Optional<String> flag) {
    return flag.map(v -> v.equals("true") || v.equals("1")).orElse(false);
  }

  /** The posted job file, raw or in the submission envelope (then with its attachments). */
  private static Submission submissionOf(org.apache.pekko.http.javadsl.model.HttpRequest request, String body) {
    String mediaType = request.entity().getContentType().mediaType().toString();
    if (mediaType.startsWith(Submission.ENVELOPE_MEDIA_TYPE)) {
      return Submission.fromEnvelope(body);
    }
    String file = request.getHeader("X-Tasklane-File").map(HttpHeader::value).orElse("request");
    return new Submission(file, body, java.util.Map.of());
  }

  private Route submit(boolean wait) {
    return posted(wait,
        (request, submission, handlers) -> {
          Optional<String> key = request.getHeader("Idempotency-Key").map(HttpHeader::value);
          return intake.decide(submission, handlers, () -> key.map(JobRoutes::idForKey).orElseGet(JobRoutes::newJobId));
        },
        tasks -> "wait=true is for jobs of at most " + settings.maxWaitTasks() + " tasks; this one has "
            + tasks + ": follow /events and fetch /results instead",
        decision -> {
          CompletionStage<HttpResponse> submitted = listAndSubmit(decision);
          return wait ? submitted.thenCompose(accepted -> awaitEnd(decision, accepted)) : submitted;
        });
  }

  /** How a posted job file becomes a decision: a job to submit, tasks to append, or a rejection. */
  private interface Decide {
    JobIntake.Decision decide(org.apache.pekko.http.javadsl.model.HttpRequest request, Submission submission,
        java.util.Map<String, io.tasklane.protocol.Lane> handlers);
  }

  /**
   * A posted job file (raw or envelope): decided on against the task types the workers offer;
   * a rejection is the answer, as is a wait for more tasks than answers carry ({@code tooMany});
   * an accepted one goes on to {@code accepted}.
   */
  private Route posted(boolean wait, Decide decide, java.util.function.LongFunction<String> tooMany,
      java.util.function.Function<JobIntake.Decision, CompletionStage<HttpResponse>> accepted) {
    return extractRequest(request -> entity(Unmarshaller.entityToString(), body -> {
      Submission submission;
      try {
        submission = submissionOf(request, body);
      } catch (IllegalArgumentException invalid) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, invalid.getMessage()));
      }
      // a spec refused on a recent catalog is decided again on a fresh one (a worker with new
      // task types may have joined since): only accepted specs skip asking the broker
      return completeWithFuture(catalog(false)
          .thenCompose(catalog -> {
            JobIntake.Decision decision = decide.decide(request, submission, catalog.handlers());
            return decision.rejection() == null ? CompletableFuture.completedFuture(decision)
                : catalog(true).thenApply(fresh -> decide.decide(request, submission, fresh.handlers()))
                    .exceptionally(noFreshCatalog -> decision);
          })
          .thenCompose(decision -> {
            if (decision.rejection() != null) {
              return CompletableFuture.completedFuture(decision.rejection());
            }
            if (wait && decision.spec().taskCount() > settings.maxWaitTasks()) {
              return CompletableFuture.completedFuture(Json.error(StatusCodes.BAD_REQUEST,
                  tooMany.apply(decision.spec().taskCount())));
            }
            return accepted.apply(decision);
          }));
    }));
  }

  /** The job is listed first, so that a restarted coordinator finds it even if it crashed now. */
  private CompletionStage<HttpResponse> listAndSubmit(JobIntake.Decision decision) {
    String jobId = decision.jobId();
    long now = System.currentTimeMillis();
    JobIndexProtocol.JobSummary summary = new JobIndexProtocol.JobSummary(
        jobId, decision.spec().name(), JobState.running, now, null, decision.spec().taskCount());
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, jobId);
    // Listed and persisted in parallel; answered only once both are journaled. A listing whose
    // job never got persisted is dropped when the index wakes it (the job says it has none).
    CompletionStage<org.apache.pekko.Done> listed = AskPattern.askWithStatus(indexWriter,
        replyTo -> new JobIndexProtocol.ListJob(summary, replyTo), settings.askTimeout(), system.scheduler());
    CompletionStage<JobProtocol.JobAccepted> submitted = job.askWithStatus(
        replyTo -> new JobProtocol.SubmitJob(decision.spec(), now, replyTo), settings.askTimeout());
    return submitted.thenCombine(listed, (accepted, done) -> accepted)
        .thenApply(accepted -> Json.response(accepted.created() ? StatusCodes.ACCEPTED : StatusCodes.OK,
                Json.MAPPER.createObjectNode()
                    .put("id", accepted.id())
                    .put("created", accepted.created())
                    .put("tasks", decision.spec().taskCount()))
            .addHeader(Location.create("/api/jobs/" + accepted.id())))
        .exceptionally(failure -> {
          Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
          if (cause instanceof StatusReply.ErrorMessage conflict) {
            return Json.error(StatusCodes.CONFLICT, conflict.getMessage());
          }
          throw new java.util.concurrent.CompletionException(cause);
        });
  }

  /** For submit with wait: once the job ended, 200 with its state and results inline. */
  private CompletionStage<HttpResponse> awaitEnd(JobIntake.Decision decision, HttpResponse accepted) {
    if (accepted.status().intValue() >= 300) {
      return CompletableFuture.completedFuture(accepted);
    }
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, decision.jobId());
    return job.<JobProtocol.JobEnded>ask(JobProtocol.AwaitEnd::new, settings.maxWait())
        .thenApply(end -> {
          StringBuilder body = new StringBuilder(256 + end.results().length());
          body.append("{\"id\":").append(com.fasterxml.jackson.databind.node.TextNode.valueOf(decision.jobId()).toString())
              .append(",\"created\":true,\"tasks\":").append(decision.spec().taskCount())
              .append(",\"state\":\"").append(end.status().state().name())
              .append("\",\"status\":").append(Json.status(end.status()));
          // too large for one answer: where to stream them from instead
          appendResults(body, end.results(), end.resultsInline(), "/api/jobs/" + decision.jobId() + "/results");
          body.append('}');
          return HttpResponse.create().withStatus(StatusCodes.OK)
              .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
        })
        .exceptionally(failure -> {
          system.log().warn("Job {}: no end to report to a waiting submit: {}", decision.jobId(), failure.toString());
          return accepted;
        });
  }

  /**
   * Appends tasks to an open job: 202 with the index of the first and how many, once journaled;
   * with wait, 200 once they have all ended, their results inline.
   */
  private Route append(String id, boolean wait) {
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, id);
    // the job keeps a digest of the key: any length of key, a bounded size in memory and journal
    return optionalHeaderValueByName("Idempotency-Key", key -> posted(wait,
        (request, submission, handlers) -> intake.decideAppend(submission, handlers),
        tasks -> "wait=true is for at most " + settings.maxWaitTasks() + " tasks at once; these are " + tasks,
        decision -> job.<JobProtocol.Appended>ask(
                replyTo -> new JobProtocol.AppendTasks(decision.spec().tasks(), key.map(JobRoutes::idForKey).orElse(null),
                    replyTo), settings.askTimeout())
            .thenCompose(appended -> {
              if (appended.status() == null) {
                return CompletableFuture.completedFuture(noSuchJob(id));
              }
              if (appended.refused() != null) {
                return CompletableFuture.completedFuture(Json.error(StatusCodes.CONFLICT, appended.refused()));
              }
              ObjectNode answer = Json.MAPPER.createObjectNode()
                  .put("id", id).put("first", appended.first()).put("tasks", appended.count());
              if (appended.repeated()) {
                answer.put("repeated", true);
              }
              return wait ? awaitTasks(job, id, appended, answer)
                  : CompletableFuture.completedFuture(Json.response(StatusCodes.ACCEPTED, answer));
            })));
  }

  /** For an append with wait: once its tasks ended, 200 with their results inline. */
  private CompletionStage<HttpResponse> awaitTasks(EntityRef<JobProtocol.Command> job, String id,
      JobProtocol.Appended appended, ObjectNode answer) {
    return job.<JobProtocol.TasksEnded>ask(
            replyTo -> new JobProtocol.AwaitTasks(appended.first(), appended.count(), replyTo), settings.maxWait())
        .thenApply(ended -> {
          String url = "/api/jobs/" + id + "/results?from=" + appended.first() + "&limit=" + appended.count();
          if (ended.results() == null) {
            return Json.response(StatusCodes.ACCEPTED, answer.put("message",
                "too many requests wait on this job's tasks; fetch their results from " + url + " once they ended"));
          }
          String head = answer.toString();
          StringBuilder text = new StringBuilder(head.length() + ended.results().length() + 64)
              .append(head, 0, head.length() - 1);
          appendResults(text, ended.results(), ended.resultsInline(), url);
          return HttpResponse.create().withStatus(StatusCodes.OK)
              .withEntity(ContentTypes.APPLICATION_JSON, text.append('}').toString());
        })
        .exceptionally(failure -> {
          system.log().warn("Job {}: no results to report to a waiting append: {}", id, failure.toString());
          return Json.response(StatusCodes.ACCEPTED, answer);
        });
  }

  /** ,"results":[…] from result lines, or ,"resultsUrl":… when they were too large to inline. */
  private static void appendResults(StringBuilder body, String lines, boolean inline, String url) {
    if (inline) {
      body.append(",\"results\":[");
      if (!lines.isEmpty()) {
        body.append(lines.substring(0, lines.length() - 1).replace("\n", ","));
      }
      body.append(']');
    } else {
      body.append(",\"resultsUrl\":").append(com.fasterxml.jackson.databind.node.TextNode.valueOf(url));
    }
  }

  /** No more tasks for an open job: 200 with its status after (it ends once its tasks have). */
  private Route close(String id) {
    return completeWithFuture(sharding.entityRefFor(JobEntity.TYPE_KEY, id)
        .<JobProtocol.JobLookup>ask(JobProtocol.CloseJob::new, settings.askTimeout())
        .thenApply(lookup -> lookup.status() == null
            ? noSuchJob(id)
            : Json.response(StatusCodes.OK, Json.status(lookup.status()))));
  }

  private Route list() {
    return parameterOptional("state", state -> parameterOptional("limit", limit -> {
      JobState filter;
      int max;
      try {
        filter = state.map(JobState::valueOf).orElse(null);
      } catch (IllegalArgumentException e) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, "state must be one of running, succeeded, failed, cancelled"));
      }
      try {
        max = limit.map(Integer::parseInt).orElse(DEFAULT_LIST_LIMIT);
      } catch (NumberFormatException e) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, "limit must be a positive integer"));
      }
      return completeWithFuture(index().<JobIndexProtocol.JobList>ask(
              replyTo -> new JobIndexProtocol.GetJobs(filter, Math.max(1, Math.min(max, 10_000)), replyTo), settings.askTimeout())
          .thenApply(list -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode jobs = body.putArray("jobs");
            for (JobIndexProtocol.JobSummary job : list.jobs()) {
              ObjectNode json = jobs.addObject()
                  .put("id", job.id())
                  .put("name", job.name())
                  .put("state", job.state().name())
                  .put("submittedAt", job.submittedAt())
                  .put("total", job.total());
              if (job.endedAt() == null) {
                json.putNull("endedAt");
              } else {
                json.put("endedAt", job.endedAt());
              }
            }
            return Json.response(StatusCodes.OK, body);
          }));
    }));
  }

  private Route status(String id) {
    return completeWithFuture(lookup(id).thenApply(lookup -> lookup.status() == null
        ? noSuchJob(id)
        : Json.response(StatusCodes.OK, Json.status(lookup.status()))));
  }

  private Route cancel(String id) {
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, id);
    return completeWithFuture(lookup(id).thenCompose(before -> {
      if (before.status() == null) {
        return CompletableFuture.completedFuture(noSuchJob(id));
      }
      if (before.status().state() != JobState.running) {
        return CompletableFuture.completedFuture(Json.response(StatusCodes.OK, Json.status(before.status())
            .put("message", "job already ended: " + before.status().state().name())));
      }
      return job.<JobProtocol.JobLookup>ask(JobProtocol.CancelJob::new, settings.askTimeout())
          .thenApply(after -> Json.response(StatusCodes.ACCEPTED, Json.status(after.status())));
    }));
  }

  private record Cursor(int from, long remaining) {}

  private Route results(String id) {
    return parameterOptional("failed", failed -> parameterOptional("limit", limit -> parameterOptional("from", fromText ->
        parameterOptional("follow", followText -> {
      boolean failedOnly = isTrue(failed);
      boolean follow = isTrue(followText);
      long max;
      int from;
      try {
        max = limit.map(Long::parseLong).orElse(Long.MAX_VALUE);
      } catch (NumberFormatException e) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, "limit must be a positive integer"));
      }
      try {
        from = fromText.map(Integer::parseInt).orElse(0);
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0) {
        return complete(Json.error(StatusCodes.BAD_REQUEST, "from must be a task index (0 or more)"));
      }
      if (follow && fromText.isPresent()) {
        return complete(Json.error(StatusCodes.BAD_REQUEST,
            "from is a task position and follow streams in the order tasks end: use one of them"));
      }
      int start = from;
      EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, id);
      return onSuccess(lookup(id), lookup -> {
        if (lookup.status() == null) {
          return complete(noSuchJob(id));
        }
        if (follow) {
          return complete(HttpResponse.create().withEntity(HttpEntities.create(NDJSON, followed(job, max, failedOnly))));
        }
        Source<ByteString, NotUsed> lines = Source.unfoldAsync(new Cursor(start, max), cursor ->
            cursor.from() < 0 || cursor.remaining() <= 0
                ? CompletableFuture.completedFuture(Optional.empty())
                : job.<JobProtocol.ResultsPage>ask(replyTo -> new JobProtocol.GetResults(cursor.from(),
                        (int) Math.min(settings.resultsPage(), cursor.remaining()), failedOnly, replyTo),
                        settings.askTimeout())
                    .thenApply(page -> Optional.of(Pair.create(
                        new Cursor(page.complete() ? -1 : page.next(), cursor.remaining() - page.count()),
                        ByteString.fromString(page.lines(), StandardCharsets.UTF_8)))));
        return complete(HttpResponse.create().withEntity(HttpEntities.create(NDJSON, lines.filter(b -> !b.isEmpty()))));
      });
    }))));
  }

  /**
   * {@code ?follow=true}: results as the tasks end, until the job has ended and each was sent.
   * A page is asked for as soon as the previous one is out; the job answers when it has new
   * results. While none come, a blank line every {@link #FOLLOW_KEEP_ALIVE} keeps the
   * connection from idling out (ndjson readers skip blank lines).
   */
  private Source<ByteString, NotUsed> followed(EntityRef<JobProtocol.Command> job, long max, boolean failedOnly) {
    return Source.unfoldAsync(new Cursor(0, max), cursor -> {
      if (cursor.from() < 0 || cursor.remaining() <= 0) {
        return CompletableFuture.completedFuture(Optional.<Pair<Cursor, ByteString>>empty());
      }
      return job.<JobProtocol.ResultsPage>ask(replyTo -> new JobProtocol.FollowResults(cursor.from(),
              (int) Math.min(settings.resultsPage(), cursor.remaining()), failedOnly, replyTo), FOLLOW_ASK)
          .thenCompose(page -> {
            Optional<Pair<Cursor, ByteString>> next = Optional.of(Pair.create(
                new Cursor(page.complete() ? -1 : page.next(), cursor.remaining() - page.count()),
                ByteString.fromString(page.lines(), StandardCharsets.UTF_8)));
            // an empty page: the job had no new result for a while, or too many were waiting
            // on it; ask again a little later rather than at once
            return page.count() == 0 && !page.complete()
                ? org.apache.pekko.pattern.Patterns.after(FOLLOW_RETRY, system.classicSystem().scheduler(),
                    system.executionContext(), () -> CompletableFuture.completedFuture(next))
                : CompletableFuture.completedFuture(next);
          })
          .exceptionally(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof java.util.concurrent.TimeoutException) {
              return Optional.of(Pair.create(cursor, ByteString.emptyByteString())); // ask again
            }
            throw new java.util.concurrent.CompletionException(cause);
          });
    }).filter(b -> !b.isEmpty())
        .keepAlive(FOLLOW_KEEP_ALIVE, () -> ByteString.fromString("\n"));
  }

  /** Server-sent events: the job's status whenever it changed (checked every events-interval), then "end". */
  private Route events(String id) {
    return onSuccess(lookup(id), first -> {
      if (first.status() == null) {
        return complete(noSuchJob(id));
      }
      Source<ServerSentEvent, NotUsed> events = Source.tick(Duration.ZERO, settings.eventsInterval(), "tick")
          .mapAsync(1, tick -> lookup(id))
          .filter(lookup -> lookup.status() != null)
          .map(JobProtocol.JobLookup::status)
          .takeWhile(status -> status.state() == JobState.running, true)
          .statefulMap(() -> "", (last, status) -> {
            String json = Json.status(status).toString();
            List<ServerSentEvent> out = new ArrayList<>(2);
            if (!json.equals(last)) {
              out.add(ServerSentEvent.create(json, "status"));
            }
            if (status.state() != JobState.running) {
              out.add(ServerSentEvent.create(json, "end"));
            }
            return Pair.create(json, out);
          }, last -> Optional.empty())
          .mapConcat(list -> list)
          .keepAlive(HEARTBEAT, ServerSentEvent::heartbeat)
          .mapMaterializedValue(cancellable -> NotUsed.getInstance());
      return completeOK(events, EventStreamMarshalling.toEventStream());
    });
  }

  private CompletionStage<JobProtocol.JobLookup> lookup(String id) {
    return sharding.entityRefFor(JobEntity.TYPE_KEY, id).ask(JobProtocol.GetJob::new, settings.askTimeout());
  }

  /** The broker's catalog as last asked for, and when (System.nanoTime). */
  private record SeenCatalog(BrokerProtocol.Catalog catalog, long at) {}

  private static final long CATALOG_FRESH_NANOS = Duration.ofSeconds(1).toNanos();
  private volatile SeenCatalog lastCatalog;

  /**
   * The task types the workers offer: asked of the broker, or the answer of less than a second
   * ago ({@code fresh = false}, and only one that knew some types); see {@link #posted}.
   */
  private CompletionStage<BrokerProtocol.Catalog> catalog(boolean fresh) {
    SeenCatalog seen = lastCatalog;
    if (!fresh && seen != null && System.nanoTime() - seen.at() < CATALOG_FRESH_NANOS) {
      return CompletableFuture.completedFuture(seen.catalog());
    }
    return AskPattern.<BrokerProtocol.Command, BrokerProtocol.Catalog>ask(broker, BrokerProtocol.GetCatalog::new,
            settings.askTimeout(), system.scheduler())
        .thenApply(catalog -> {
          if (!catalog.handlers().isEmpty()) {
            lastCatalog = new SeenCatalog(catalog, System.nanoTime());
          }
          return catalog;
        });
  }

  private EntityRef<JobIndexProtocol.Command> index() {
    return sharding.entityRefFor(JobIndex.TYPE_KEY, JobIndexProtocol.ENTITY_ID);
  }

  /** A time-ordered id: newer jobs sort after older ones. */
  static String newJobId() {
    long random = ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36);
    String suffix = Long.toString(random, 36);
    return "j-" + Long.toString(System.currentTimeMillis(), 36) + "0000".substring(suffix.length()) + suffix;
  }

  /** The same idempotency key always names the same job. */
  static String idForKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "k-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse noSuchJob(String id) {
    return Json.error(StatusCodes.NOT_FOUND, "no job '" + id + "'");
  }

}
