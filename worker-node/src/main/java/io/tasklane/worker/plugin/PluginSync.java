package io.tasklane.worker.plugin;

import io.tasklane.protocol.dispatch.LaneProtocol;
import io.tasklane.protocol.plugin.PluginProtocol;
import io.tasklane.protocol.plugin.PluginProtocol.Chunk;
import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import io.tasklane.protocol.plugin.PluginProtocol.Plugins;
import io.tasklane.worker.task.HandlerRegistry;
import io.tasklane.worker.task.TypesChanged;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;

/**
 * Keeps this worker's plugins in step with the coordinator's plugin store: finds the store
 * through the receptionist and subscribes; fetches each version it lacks chunk by chunk (one
 * chunk in flight), writes it to the {@link PluginCache} and checks its digest, loads it in its
 * own class loader, swaps the registry's plugin types and tells the lanes (which tell the
 * broker). A version removed from the store leaves the registry at once and closes once its
 * tasks in flight ended. A version that fails to load is logged and reported, and the worker
 * goes on. File work and loading run on virtual threads, one operation at a time.
 */
public final class PluginSync {

  private sealed interface Msg extends NoSerializationVerificationNeeded {}

  private record StoresChanged(Set<ActorRef<PluginProtocol.Command>> stores) implements Msg {}

  private record Wanted(List<PluginVersion> plugins) implements Msg {}

  private record CacheOpened(PluginCache cache, Throwable failure) implements Msg {}

  /** The cache was looked at for {@code version}: {@code present} when the jar is there whole. */
  private record Cached(PluginVersion version, Boolean present, Throwable failure) implements Msg {}

  private record ChunkArrived(PluginVersion version, int index, Chunk chunk, Throwable failure) implements Msg {}

  /** Chunk {@code index} written ({@code -1}: the part file started). */
  private record ChunkWritten(PluginVersion version, int index, Throwable failure) implements Msg {}

  private record Loaded(PluginVersion version, LoadedPlugin plugin, Throwable failure) implements Msg {}

  private enum Retry implements Msg {
    INSTANCE
  }

  private final ActorContext<Msg> context;
  private final TimerScheduler<Msg> timers;
  private final PluginSyncSettings settings;
  private final HandlerRegistry registry;
  private final List<ActorRef<LaneProtocol.Command>> lanes;
  private final String worker;
  private final Logger log;
  private final ExecutorService files;
  private final ActorRef<Plugins> subscriber;

  private ActorRef<PluginProtocol.Command> store;
  private PluginCache cache;
  private final PluginVersions versions = new PluginVersions();
  /** The version being fetched or loaded (one at a time), or null. */
  private PluginVersion current;

  public static Behavior<Void> create(PluginSyncSettings settings, HandlerRegistry registry,
      List<ActorRef<LaneProtocol.Command>> lanes, String worker) {
    return Behaviors.<Msg>setup(context -> Behaviors.withTimers(timers ->
        new PluginSync(context, timers, settings, registry, lanes, worker).starting())).unsafeCast();
  }

  private PluginSync(ActorContext<Msg> context, TimerScheduler<Msg> timers, PluginSyncSettings settings,
      HandlerRegistry registry, List<ActorRef<LaneProtocol.Command>> lanes, String worker) {
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.registry = registry;
    this.lanes = List.copyOf(lanes);
    this.worker = worker;
    this.log = context.getLog();
    this.files = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tasklane-plugin-sync-", 0).factory());
    this.subscriber = context.messageAdapter(Plugins.class, plugins -> new Wanted(plugins.plugins()));
    ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
        listing -> new StoresChanged(listing.getServiceInstances(PluginProtocol.SERVICE_KEY)));
    context.getSystem().receptionist().tell(Receptionist.subscribe(PluginProtocol.SERVICE_KEY, listings));
    Path configured = settings.cacheDir();
    blocking(() -> PluginCache.open(configured), CacheOpened::new);
  }

  // ---- phases

  /** Until the cache folder exists: follows the store and what it wants, fetches nothing. */
  private Behavior<Msg> starting() {
    return common()
        .onMessage(CacheOpened.class, this::onCacheOpened)
        .build();
  }

  private Behavior<Msg> syncing() {
    return common()
        .onMessage(Cached.class, this::onCached)
        .onMessage(ChunkArrived.class, this::onChunkArrived)
        .onMessage(ChunkWritten.class, this::onChunkWritten)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Retry.class, retry -> reconcile())
        .build();
  }

  private BehaviorBuilder<Msg> common() {
    return Behaviors.receive(Msg.class)
        .onMessage(StoresChanged.class, this::onStoresChanged)
        .onMessage(Wanted.class, this::onWanted)
        .onSignal(PostStop.class, stop -> onStop());
  }

  private Behavior<Msg> onCacheOpened(CacheOpened opened) {
    if (opened.failure() != null) {
      log.error("Plugins: cannot create the plugin cache folder ({}); this worker runs no plugins from the "
          + "coordinator (tasklane.worker.plugins.cache-dir)", cause(opened.failure()).toString());
      return Behaviors.same();
    }
    cache = opened.cache();
    log.debug("Plugins: cache folder {}", cache.dir());
    Behavior<Msg> next = syncing();
    reconcile();
    return next;
  }

  // ---- the store and what it wants

  private Behavior<Msg> onStoresChanged(StoresChanged changed) {
    if (changed.stores().isEmpty()) {
      store = null;
      return Behaviors.same();
    }
    if (store != null && changed.stores().contains(store)) {
      return Behaviors.same();
    }
    store = changed.stores().stream().min(Comparator.comparing(ref -> ref.path().toString())).orElseThrow();
    log.info("Plugins: subscribing to the plugin store {}", store);
    store.tell(new PluginProtocol.Subscribe(worker, subscriber));
    // a new store knows nothing of this worker: say again what loaded and what did not
    ActorRef<PluginProtocol.Command> listed = store;
    versions.forEachOutcome((digest, reason) -> listed.tell(new PluginProtocol.ReportLoaded(worker, digest, reason)));
    return Behaviors.same();
  }

  private Behavior<Msg> onWanted(Wanted wantedNow) {
    retire(versions.want(wantedNow.plugins()));
    return reconcile();
  }

  /** Drops what the store no longer keeps; starts fetching the next version missing here. */
  private Behavior<Msg> reconcile() {
    if (current == null && cache != null) {
      versions.nextMissing().ifPresent(this::startFetch);
    }
    return Behaviors.same();
  }

  /** Versions the store dropped leave the registry at once and close once their tasks ended. */
  private void retire(List<LoadedPlugin> gone) {
    if (gone.isEmpty()) {
      return;
    }
    gone.forEach(plugin ->
        log.info("Plugins: {} removed; its class loader closes once its tasks in flight ended", plugin.version().label()));
    publish();
    gone.forEach(LoadedPlugin::retire);
  }

  // ---- fetching and loading one version

  private void startFetch(PluginVersion version) {
    current = version;
    PluginCache folder = cache;
    blocking(() -> folder.has(version), (present, failure) -> new Cached(version, present, failure));
  }

  private Behavior<Msg> onCached(Cached cached) {
    if (!isCurrent(cached.version())) {
      return Behaviors.same();
    }
    if (cached.failure() != null) {
      return fetchFailed(cached.version(), "cannot read the cache: " + cause(cached.failure()));
    }
    if (cached.present()) {
      load(cached.version());
      return Behaviors.same();
    }
    if (store == null) {
      current = null; // fetched when a store is listed again
      return Behaviors.same();
    }
    log.info("Plugins: fetching {} ({} bytes in {} chunks)", cached.version().label(), cached.version().size(),
        cached.version().chunks());
    PluginCache folder = cache;
    blocking(() -> {
      folder.begin(cached.version());
      return Boolean.TRUE;
    }, (ok, failure) -> new ChunkWritten(cached.version(), -1, failure));
    return Behaviors.same();
  }

  private void requestChunk(PluginVersion version, int index) {
    if (store == null) {
      fetchFailed(version, "no plugin store is listed");
      return;
    }
    context.ask(Chunk.class, store, settings.fetchTimeout(),
        replyTo -> new PluginProtocol.GetChunk(version.digest(), index, replyTo),
        (chunk, failure) -> new ChunkArrived(version, index, chunk, failure));
  }

  private Behavior<Msg> onChunkArrived(ChunkArrived arrived) {
    PluginVersion version = arrived.version();
    if (!isCurrent(version)) {
      return Behaviors.same();
    }
    if (arrived.failure() != null) {
      return fetchFailed(version, "chunk " + arrived.index() + " did not come: " + arrived.failure());
    }
    if (arrived.chunk().missing() != null) {
      return fetchFailed(version, arrived.chunk().missing());
    }
    PluginCache folder = cache;
    byte[] bytes = arrived.chunk().bytes();
    blocking(() -> {
      folder.append(version, bytes);
      return Boolean.TRUE;
    }, (ok, failure) -> new ChunkWritten(version, arrived.index(), failure));
    return Behaviors.same();
  }

  private Behavior<Msg> onChunkWritten(ChunkWritten written) {
    PluginVersion version = written.version();
    if (!isCurrent(version)) {
      return Behaviors.same();
    }
    if (written.failure() != null) {
      return fetchFailed(version, "cannot write it to " + cache.dir() + ": " + cause(written.failure()));
    }
    if (written.index() + 1 < version.chunks()) {
      requestChunk(version, written.index() + 1);
    } else {
      PluginCache folder = cache;
      ClassLoader parent = HandlerRegistry.class.getClassLoader();
      blocking(() -> LoadedPlugin.load(version, folder.complete(version), parent),
          (plugin, failure) -> new Loaded(version, plugin, failure));
    }
    return Behaviors.same();
  }

  private void load(PluginVersion version) {
    Path jar = cache.jar(version);
    ClassLoader parent = HandlerRegistry.class.getClassLoader();
    blocking(() -> LoadedPlugin.load(version, jar, parent), (plugin, failure) -> new Loaded(version, plugin, failure));
  }

  private Behavior<Msg> onLoaded(Loaded result) {
    PluginVersion version = result.version();
    if (!isCurrent(version)) {
      if (result.plugin() != null) {
        result.plugin().retire();
      }
      return Behaviors.same();
    }
    current = null;
    Throwable failure = result.failure() == null ? null : cause(result.failure());
    if (failure instanceof LoadedPlugin.LoadFailure broken) {
      log.error("Plugins: {} does not load on this worker, which goes on without it: {}", version.label(),
          broken.getMessage());
      versions.failed(version, broken.getMessage());
      report(version, broken.getMessage());
    } else if (failure != null) {
      return fetchFailed(version, failure.toString());
    } else if (!versions.isWanted(version)) {
      result.plugin().retire(); // removed while it loaded
    } else {
      versions.loaded(result.plugin());
      publish();
      log.info("Plugins: {} loaded: types {}", version.label(), version.types());
      report(version, null);
    }
    return reconcile();
  }

  private Behavior<Msg> fetchFailed(PluginVersion version, String reason) {
    log.warn("Plugins: fetching {} failed ({}); trying again in {}", version.label(), reason, settings.retryAfter());
    current = null; // its part file is dropped when the fetch starts again
    timers.startSingleTimer(Retry.INSTANCE, settings.retryAfter());
    return Behaviors.same();
  }

  // ---- helpers

  /** The registry gets the loaded versions, oldest first (the store's order); the lanes tell the broker. */
  private void publish() {
    registry.setPlugins(versions.handlers()).forEach(warning -> log.warn("Plugins: {}", warning));
    lanes.forEach(lane -> lane.tell(TypesChanged.INSTANCE));
  }

  private void report(PluginVersion version, String error) {
    if (store != null) {
      store.tell(new PluginProtocol.ReportLoaded(worker, version.digest(), error));
    }
  }

  private boolean isCurrent(PluginVersion version) {
    return current != null && current.digest().equals(version.digest());
  }

  private <T> void blocking(Callable<T> work, BiFunction<T, Throwable, Msg> then) {
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return work.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, files), then::apply);
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private Behavior<Msg> onStop() {
    versions.retireAll();
    files.shutdownNow();
    PluginCache folder = cache;
    if (folder != null) {
      Thread.startVirtualThread(() -> {
        try {
          folder.deleteIfTemporary();
        } catch (java.io.IOException ignored) {
          // a temporary folder the OS cleans up eventually
        }
      });
    }
    return Behaviors.same();
  }
}
