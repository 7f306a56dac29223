package io.tasklane.coordinator.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.tasklane.coordinator.plugin.Candidate;
import io.tasklane.coordinator.plugin.PluginRefused;
import io.tasklane.coordinator.plugin.PluginSettings;
import io.tasklane.coordinator.settings.CoordinatorSettings;
import io.tasklane.protocol.plugin.PluginProtocol;
import io.tasklane.protocol.plugin.PluginProtocol.AddStarted;
import io.tasklane.protocol.plugin.PluginProtocol.PluginList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.Materializer;

/**
 * {@code /api/plugins}: add a plugin jar (checked here, in a throwaway class loader, then sent to
 * the plugin store chunk by chunk), list the kept versions, remove one or all versions of a name.
 */
final class PluginRoutes {

  private final ActorSystem<?> system;
  private final CoordinatorSettings settings;
  private final PluginSettings plugins;
  private final ActorRef<PluginProtocol.Command> store;
  private final CatalogCache catalog;

  PluginRoutes(ActorSystem<?> system, CoordinatorSettings settings, PluginSettings plugins,
      ActorRef<PluginProtocol.Command> store, CatalogCache catalog) {
    this.system = system;
    this.settings = settings;
    this.plugins = plugins;
    this.store = store;
    this.catalog = catalog;
  }

  Route routes() {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> withSizeLimit(plugins.maxBytes(), () -> parameterOptional("file", file ->
                extractRequestEntity(entity -> completeWithFuture(recovered(add(file, entity))))))),
            get(() -> completeWithFuture(list().thenApply(list ->
                Json.response(StatusCodes.OK, PluginBodies.list(list))))))),
        path(PathMatchers.segment(), name -> delete(() -> remove(name))));
  }

  // ---- add

  private CompletionStage<HttpResponse> add(Optional<String> file, RequestEntity entity) {
    if (file.isEmpty() || file.get().isBlank()) {
      entity.discardBytes(system);
      return CompletableFuture.completedFuture(Json.error(StatusCodes.BAD_REQUEST,
          "name the jar: POST /api/plugins?file=NAME.jar with the jar as the body"));
    }
    return entity.toStrict(plugins.uploadTimeout().toMillis(), Materializer.matFromSystem(system))
        .thenCompose(strict -> checked(file.get(), strict.getData().toArray()))
        .thenCompose(candidate -> typesOfTheWorkers().thenCompose(offered -> {
          String clash = candidate.plugin().types().stream().filter(offered::contains).findFirst().orElse(null);
          if (clash != null) {
            return CompletableFuture.failedFuture(new PluginRefused("plugin " + file.get() + " refused: type '" + clash
                + "' is already offered by the workers (a built-in type, or a jar in a worker's plugin folder)"));
          }
          return keep(candidate);
        }));
  }

  /** The jar checked on a virtual thread (it blocks and runs the plugin's constructors), within check-timeout. */
  private CompletionStage<Candidate> checked(String file, byte[] bytes) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Candidate.check(file, bytes, plugins);
      } catch (PluginRefused refused) {
        throw new CompletionException(refused);
      }
    }, Thread::startVirtualThread).orTimeout(plugins.checkTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(failure -> failure instanceof TimeoutException
            ? CompletableFuture.failedFuture(new PluginRefused("plugin " + file + " refused: checking it took longer "
                + "than tasklane.coordinator.plugins.check-timeout (" + plugins.checkTimeout().toSeconds() + " s)"))
            : CompletableFuture.failedFuture(failure));
  }

  /**
   * Types the workers offer that no kept plugin provides: built-ins and plugin-folder jars. Without
   * an answer from the broker, none (the store still refuses types of other kept plugins).
   */
  private CompletionStage<Set<String>> typesOfTheWorkers() {
    return catalog.fresh().thenCombine(list(), (offered, kept) -> {
      Set<String> types = new HashSet<>(offered.handlers().keySet());
      kept.plugins().forEach(status -> status.plugin().types().forEach(type -> {
        types.remove(type);
        types.remove(type + "@" + status.plugin().version());
      }));
      return (Set<String>) types;
    }).exceptionally(noAnswer -> {
      system.log().warn("Plugin add: no task types from the broker ({}); not checked against built-ins", noAnswer.toString());
      return Set.of();
    });
  }

  private CompletionStage<HttpResponse> keep(Candidate candidate) {
    return AskPattern.<PluginProtocol.Command, AddStarted>askWithStatus(store,
            replyTo -> new PluginProtocol.BeginAdd(candidate.plugin(), replyTo), settings.askTimeout(), system.scheduler())
        .thenCompose(started -> {
          if (started.existing() != null) {
            return CompletableFuture.completedFuture(Json.response(StatusCodes.OK,
                PluginBodies.added(new PluginProtocol.Added(started.existing(), null), true)));
          }
          return send(started.uploadId(), candidate.chunks(), 0)
              .thenCompose(done -> AskPattern.<PluginProtocol.Command, PluginProtocol.Added>askWithStatus(store,
                  replyTo -> new PluginProtocol.FinishAdd(started.uploadId(), replyTo), settings.askTimeout(),
                  system.scheduler()))
              .thenApply(added -> Json.response(StatusCodes.CREATED, PluginBodies.added(added, false)));
        });
  }

  /** The chunks one after the other, each acknowledged before the next goes (no more than one in flight). */
  private CompletionStage<Done> send(long uploadId, List<byte[]> chunks, int index) {
    if (index == chunks.size()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return AskPattern.<PluginProtocol.Command, Done>askWithStatus(store,
            replyTo -> new PluginProtocol.PutChunk(uploadId, index, chunks.get(index), replyTo),
            settings.askTimeout(), system.scheduler())
        .thenCompose(done -> send(uploadId, chunks, index + 1));
  }

  // ---- list, remove

  private CompletionStage<PluginList> list() {
    return AskPattern.ask(store, PluginProtocol.ListPlugins::new, settings.askTimeout(), system.scheduler());
  }

  /** {@code NAME} removes every version of it, {@code NAME@VERSION} that one. */
  private Route remove(String segment) {
    int at = segment.indexOf('@');
    String name = at < 0 ? segment : segment.substring(0, at);
    String version = at < 0 ? null : segment.substring(at + 1);
    return completeWithFuture(AskPattern.<PluginProtocol.Command, PluginProtocol.Removed>askWithStatus(store,
            replyTo -> new PluginProtocol.RemovePlugin(name, version, replyTo), settings.askTimeout(), system.scheduler())
        .handle((removed, failure) -> {
          if (failure == null) {
            return Json.response(StatusCodes.OK, PluginBodies.removed(removed.removed()));
          }
          Throwable cause = unwrap(failure);
          if (cause instanceof StatusReply.ErrorMessage missing) {
            return Json.error(StatusCodes.NOT_FOUND, missing.getMessage());
          }
          throw new CompletionException(cause);
        }));
  }

  // ---- refusals

  /** A refusal is a 400 naming the jar and the reason, an over-large jar a 413; the rest goes to the API's handler. */
  private CompletionStage<HttpResponse> recovered(CompletionStage<HttpResponse> answer) {
    return answer.handle((response, failure) -> {
      if (failure == null) {
        return response;
      }
      Throwable cause = unwrap(failure);
      if (cause instanceof PluginRefused || cause instanceof StatusReply.ErrorMessage) {
        return Json.error(StatusCodes.BAD_REQUEST, cause.getMessage());
      }
      if (cause instanceof EntityStreamSizeException) {
        return Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "the plugin jar is over the limit of " + plugins.maxBytes()
            + " bytes (tasklane.coordinator.plugins.max-bytes)");
      }
      throw cause instanceof CompletionException completion ? completion : new CompletionException(cause);
    });
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
