package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.coordinator.CoordinatorSettings;
import io.tasklane.coordinator.job.JobEntity;
import io.tasklane.protocol.dispatch.BrokerProtocol;
import io.tasklane.protocol.dispatch.BrokerProtocol.LaneInfo;
import io.tasklane.protocol.dispatch.JobProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** The coordinator's HTTP API (see INTERFACE.md). Every route needs the bearer token. */
public final class HttpApi {

  static final ContentType NDJSON =
      ContentTypes.create(MediaTypes.customWithFixedCharset("application", "x-ndjson", HttpCharsets.UTF_8, java.util.Map.of(), false));

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final ClusterSharding sharding;
  private final ActorRef<BrokerProtocol.Command> broker;
  private final JobIntake intake;
  private final byte[] expectedAuthorization;

  public HttpApi(ActorSystem<?> system, CoordinatorSettings settings, ActorRef<BrokerProtocol.Command> broker) {
    this.system = system;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.broker = broker;
    this.intake = new JobIntake(settings);
    this.expectedAuthorization = ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
  }

  public Route routes() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
        authenticated(() -> pathPrefix("api", () -> concat(
            pathPrefix("jobs", this::jobRoutes),
            path("cluster", () -> get(this::cluster)))))));
  }

  private Route jobRoutes() {
    return concat(
        pathEndOrSingleSlash(() -> post(this::submit)),
        pathPrefix(PathMatchers.segment(), id -> concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> status(id)),
                delete(() -> cancel(id)))),
            path("results", () -> get(() -> results(id))))));
  }

  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      boolean valid = !settings.token().isEmpty() && header
          .map(value -> MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), expectedAuthorization))
          .orElse(false);
      if (valid) {
        return inner.get();
      }
      return complete(Json.error(StatusCodes.UNAUTHORIZED, header.isEmpty()
              ? "missing bearer token: send 'Authorization: Bearer <token>'"
              : "invalid bearer token")
          .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "tasklane"))));
    });
  }

  private Route submit() {
    return extractRequest(request -> entity(Unmarshaller.entityToString(), text -> {
      String file = request.getHeader("X-Tasklane-File").map(h -> h.value()).orElse("request");
      CompletionStage<HttpResponse> response = catalog()
          .thenCompose(catalog -> intake.accept(file, text, catalog, this::newJobId))
          .thenCompose(decision -> decision.rejection() != null
              ? CompletableFuture.completedFuture(decision.rejection())
              : submitToJob(decision));
      return completeWithFuture(response);
    }));
  }

  private CompletionStage<HttpResponse> submitToJob(JobIntake.Decision decision) {
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, decision.jobId());
    return job.<JobProtocol.JobAccepted>askWithStatus(
            replyTo -> new JobProtocol.SubmitJob(decision.spec(), System.currentTimeMillis(), replyTo),
            settings.askTimeout())
        .thenApply(accepted -> Json.response(StatusCodes.ACCEPTED, Json.MAPPER.createObjectNode()
                .put("id", accepted.id())
                .put("created", accepted.created())
                .put("tasks", decision.spec().taskCount()))
            .addHeader(Location.create("/api/jobs/" + accepted.id())));
  }

  private Route status(String id) {
    if (!JOB_ID.matcher(id).matches()) {
      return complete(noSuchJob(id));
    }
    return completeWithFuture(lookup(id).thenApply(lookup -> lookup.status() == null
        ? noSuchJob(id)
        : Json.response(StatusCodes.OK, Json.status(lookup.status()))));
  }

  private Route cancel(String id) {
    if (!JOB_ID.matcher(id).matches()) {
      return complete(noSuchJob(id));
    }
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, id);
    return completeWithFuture(job.<JobProtocol.JobLookup>ask(JobProtocol.CancelJob::new, settings.askTimeout())
        .thenApply(lookup -> lookup.status() == null
            ? noSuchJob(id)
            : Json.response(StatusCodes.ACCEPTED, Json.status(lookup.status()))));
  }

  private Route results(String id) {
    if (!JOB_ID.matcher(id).matches()) {
      return complete(noSuchJob(id));
    }
    EntityRef<JobProtocol.Command> job = sharding.entityRefFor(JobEntity.TYPE_KEY, id);
    return completeWithFuture(lookup(id).thenApply(lookup -> {
      if (lookup.status() == null) {
        return noSuchJob(id);
      }
      Source<ByteString, NotUsed> lines = Source.unfoldAsync(0, from -> from < 0
          ? CompletableFuture.completedFuture(Optional.empty())
          : job.<JobProtocol.ResultsPage>ask(
                  replyTo -> new JobProtocol.GetResults(from, settings.resultsPage(), replyTo),
                  settings.askTimeout())
              .thenApply(page -> Optional.of(Pair.create(
                  page.complete() ? -1 : page.next(), ByteString.fromString(page.lines()))))) ;
      return HttpResponse.create().withEntity(HttpEntities.create(NDJSON, lines.filter(b -> !b.isEmpty())));
    }));
  }

  private Route cluster() {
    CompletionStage<BrokerProtocol.Lanes> lanes = AskPattern.ask(
        broker, BrokerProtocol.GetLanes::new, settings.askTimeout(), system.scheduler());
    return completeWithFuture(lanes.thenApply(view -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode nodes = body.putArray("nodes");
      for (Member member : Cluster.get(system).state().getMembers()) {
        ObjectNode node = nodes.addObject();
        node.put("address", member.address().getHost().orElse("") + ":" + member.address().getPort().orElse(0));
        ArrayNode roles = node.putArray("roles");
        member.getRoles().stream().filter(role -> !role.startsWith("dc-")).sorted().forEach(roles::add);
        node.put("status", member.status().toString().toLowerCase(java.util.Locale.ROOT));
      }
      ArrayNode lanesJson = body.putArray("lanes");
      for (LaneInfo lane : view.lanes()) {
        lanesJson.addObject()
            .put("worker", lane.worker())
            .put("lane", lane.lane().wireName())
            .put("capacity", lane.capacity())
            .put("credit", lane.credit())
            .put("busy", lane.busy());
      }
      body.put("jobsWithWork", view.queuedJobs());
      return Json.response(StatusCodes.OK, body);
    }));
  }

  private CompletionStage<JobProtocol.JobLookup> lookup(String id) {
    return sharding.entityRefFor(JobEntity.TYPE_KEY, id)
        .ask(JobProtocol.GetJob::new, settings.askTimeout());
  }

  private CompletionStage<BrokerProtocol.Catalog> catalog() {
    return AskPattern.ask(broker, BrokerProtocol.GetCatalog::new, settings.askTimeout(), system.scheduler());
  }

  private String newJobId() {
    long random = java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36);
    String suffix = Long.toString(random, 36);
    return "j-" + Long.toString(System.currentTimeMillis(), 36) + "0000".substring(suffix.length()) + suffix;
  }

  private static HttpResponse noSuchJob(String id) {
    return Json.error(StatusCodes.NOT_FOUND, "no job '" + id + "'");
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(java.util.concurrent.TimeoutException.class, e ->
            complete(Json.error(StatusCodes.SERVICE_UNAVAILABLE, "the coordinator did not answer in time; retry")))
        .match(Exception.class, e ->
            complete(Json.error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + e)))
        .build();
  }

  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
          && strict.getContentType().equals(ContentTypes.TEXT_PLAIN_UTF8)) {
        String text = strict.getData().utf8String();
        return response.withEntity(ContentTypes.APPLICATION_JSON, Json.MAPPER.createObjectNode()
            .put("error", text.isBlank() ? response.status().reason() : text).toString());
      }
      return response;
    });
  }
}
