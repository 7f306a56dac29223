package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.AddStarted;
import io.tasklane.protocol.plugin.PluginProtocol.Added;
import io.tasklane.protocol.plugin.PluginProtocol.BeginAdd;
import io.tasklane.protocol.plugin.PluginProtocol.Chunk;
import io.tasklane.protocol.plugin.PluginProtocol.Command;
import io.tasklane.protocol.plugin.PluginProtocol.FinishAdd;
import io.tasklane.protocol.plugin.PluginProtocol.GetChunk;
import io.tasklane.protocol.plugin.PluginProtocol.ListPlugins;
import io.tasklane.protocol.plugin.PluginProtocol.PluginList;
import io.tasklane.protocol.plugin.PluginProtocol.PluginStatus;
import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import io.tasklane.protocol.plugin.PluginProtocol.Plugins;
import io.tasklane.protocol.plugin.PluginProtocol.PutChunk;
import io.tasklane.protocol.plugin.PluginProtocol.RemovePlugin;
import io.tasklane.protocol.plugin.PluginProtocol.Removed;
import io.tasklane.protocol.plugin.PluginProtocol.ReportLoaded;
import io.tasklane.protocol.plugin.PluginProtocol.Subscribe;
import io.tasklane.protocol.plugin.PluginProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The cluster's plugins (a singleton on the coordinator nodes, event-sourced in the journal, so
 * it survives a restart): keeps each added version's jar in chunks, tells every subscribed
 * worker what to have (now and after each change), serves the chunks, and lists the versions
 * with the workers that loaded them. Jars are checked by the HTTP API before they arrive here.
 */
public final class PluginStore extends EventSourcedBehavior<Command, PluginEvent, KeptPlugins> {

  /** The journal's one id of the store. */
  public static final String PERSISTENCE_ID = "tasklane-plugins";

  /** A subscribed worker's sync actor stopped (its node left). */
  private record SubscriberGone(ActorRef<Plugins> subscriber) implements Command {}

  private final ActorContext<Command> context;
  private final PluginSettings settings;
  private final Uploads uploads;
  private final Subscribers subscribers = new Subscribers();

  public static Behavior<Command> create(PluginSettings settings) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(PluginProtocol.SERVICE_KEY, context.getSelf()));
      return new PluginStore(context, settings);
    });
  }

  private PluginStore(ActorContext<Command> context, PluginSettings settings) {
    super(PersistenceId.ofUniqueId(PERSISTENCE_ID));
    this.context = context;
    this.settings = settings;
    this.uploads = new Uploads(settings.maxUploads(), settings.uploadTimeout(), System::nanoTime);
  }

  @Override
  public KeptPlugins emptyState() {
    return new KeptPlugins();
  }

  @Override
  public CommandHandler<Command, PluginEvent, KeptPlugins> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(BeginAdd.class, this::onBeginAdd)
        .onCommand(PutChunk.class, this::onPutChunk)
        .onCommand(FinishAdd.class, this::onFinishAdd)
        .onCommand(ListPlugins.class, this::onList)
        .onCommand(RemovePlugin.class, this::onRemove)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(SubscriberGone.class, this::onSubscriberGone)
        .onCommand(GetChunk.class, this::onGetChunk)
        .onCommand(ReportLoaded.class, this::onReportLoaded)
        .build();
  }

  @Override
  public EventHandler<KeptPlugins, PluginEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
      state.apply(event);
      return state;
    });
  }

  @Override
  public SignalHandler<KeptPlugins> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> context.getLog().info(
            "Plugin store: {} version(s) kept, {} bytes", state.versions().size(), state.totalBytes()))
        .build();
  }

  // ---- adding

  private Effect<PluginEvent, KeptPlugins> onBeginAdd(KeptPlugins state, BeginAdd begin) {
    Optional<PluginVersion> same = state.byDigest(begin.plugin().digest());
    if (same.isPresent()) {
      return Effect().reply(begin.replyTo(), StatusReply.success(new AddStarted(0, same.get())));
    }
    String refusal = refusal(state, begin.plugin());
    if (refusal != null) {
      return Effect().reply(begin.replyTo(), StatusReply.error(refusal));
    }
    try {
      return Effect().reply(begin.replyTo(), StatusReply.success(new AddStarted(uploads.begin(begin.plugin()), null)));
    } catch (PluginRefused busy) {
      return Effect().reply(begin.replyTo(), StatusReply.error(busy.getMessage()));
    }
  }

  private Effect<PluginEvent, KeptPlugins> onPutChunk(KeptPlugins state, PutChunk put) {
    try {
      if (put.bytes().length > settings.chunkBytes()) {
        uploads.drop(put.uploadId());
        throw new PluginRefused("a chunk of " + put.bytes().length + " bytes is over tasklane.coordinator.plugins."
            + "chunk-bytes (" + settings.chunkBytes() + ") of the node that keeps the plugins");
      }
      uploads.put(put.uploadId(), put.index(), put.bytes());
      return Effect().reply(put.replyTo(), StatusReply.success(Done.getInstance()));
    } catch (PluginRefused refused) {
      return Effect().reply(put.replyTo(), StatusReply.error(refused.getMessage()));
    }
  }

  private Effect<PluginEvent, KeptPlugins> onFinishAdd(KeptPlugins state, FinishAdd finish) {
    Uploads.Upload upload;
    try {
      upload = uploads.finish(finish.uploadId());
    } catch (PluginRefused refused) {
      return Effect().reply(finish.replyTo(), StatusReply.error(refused.getMessage()));
    }
    PluginVersion announced = upload.plugin();
    Optional<PluginVersion> same = state.byDigest(announced.digest());
    if (same.isPresent()) {
      return Effect().reply(finish.replyTo(), StatusReply.success(new Added(same.get(), null)));
    }
    String refusal = refusal(state, announced);
    if (refusal != null) {
      return Effect().reply(finish.replyTo(), StatusReply.error(refusal));
    }
    PluginVersion plugin = new PluginVersion(announced.name(), announced.version(), announced.digest(),
        announced.size(), announced.chunks(), announced.types(), System.currentTimeMillis());
    PluginVersion replaced = state.byLabel(plugin.name(), plugin.version()).orElse(null);
    List<PluginEvent> events = new ArrayList<>();
    for (int i = 0; i < upload.chunks().size(); i++) {
      events.add(new PluginEvent.ChunkKept(plugin.digest(), i, upload.chunks().get(i)));
    }
    if (replaced != null) {
      events.add(new PluginEvent.PluginRemoved(replaced.digest()));
    }
    events.add(new PluginEvent.PluginAdded(plugin));
    return Effect().persist(events)
        .thenRun(after -> {
          context.getLog().info("Plugin {} added ({} bytes, types {}){}", plugin.label(), plugin.size(), plugin.types(),
              replaced == null ? "" : ", replacing " + replaced.label());
          if (replaced != null) {
            subscribers.forget(replaced.digest());
          }
          subscribers.tellAll(new Plugins(after.versions()));
        })
        .thenReply(finish.replyTo(), after -> StatusReply.success(new Added(plugin, replaced)));
  }

  /** Why {@code plugin} may not be kept now, or null. */
  private String refusal(KeptPlugins state, PluginVersion plugin) {
    String prefix = "plugin " + plugin.name() + " " + plugin.version() + " refused: ";
    if (plugin.size() > settings.maxBytes()) {
      return prefix + plugin.size() + " bytes is over tasklane.coordinator.plugins.max-bytes (" + settings.maxBytes() + ")";
    }
    String conflict = state.conflict(plugin);
    if (conflict != null) {
      return prefix + conflict;
    }
    long replacedBytes = state.byLabel(plugin.name(), plugin.version()).map(PluginVersion::size).orElse(0L);
    long total = state.totalBytes() - replacedBytes + plugin.size();
    if (total > settings.maxTotalBytes()) {
      return prefix + "the plugins kept would take " + total + " bytes, over tasklane.coordinator.plugins."
          + "max-total-bytes (" + settings.maxTotalBytes() + "); remove versions no longer needed first";
    }
    return null;
  }

  // ---- listing and removing

  private Effect<PluginEvent, KeptPlugins> onList(KeptPlugins state, ListPlugins list) {
    List<PluginStatus> statuses = state.versions().stream()
        .map(v -> new PluginStatus(v, state.isNewest(v), subscribers.loadedBy(v.digest()), subscribers.failedOn(v.digest())))
        .toList();
    return Effect().reply(list.replyTo(), new PluginList(statuses));
  }

  private Effect<PluginEvent, KeptPlugins> onRemove(KeptPlugins state, RemovePlugin remove) {
    List<PluginVersion> matching = state.matching(remove.name(), remove.version());
    if (matching.isEmpty()) {
      return Effect().reply(remove.replyTo(), StatusReply.error(remove.version() == null
          ? "no plugin '" + remove.name() + "'"
          : "no version '" + remove.version() + "' of plugin '" + remove.name() + "'"));
    }
    List<PluginEvent> events = matching.stream().<PluginEvent>map(v -> new PluginEvent.PluginRemoved(v.digest())).toList();
    return Effect().persist(events)
        .thenRun(after -> {
          matching.forEach(v -> {
            subscribers.forget(v.digest());
            context.getLog().info("Plugin {} removed", v.label());
          });
          subscribers.tellAll(new Plugins(after.versions()));
        })
        .thenReply(remove.replyTo(), after -> StatusReply.success(new Removed(matching)));
  }

  // ---- workers

  private Effect<PluginEvent, KeptPlugins> onSubscribe(KeptPlugins state, Subscribe subscribe) {
    subscribers.add(subscribe.subscriber(), subscribe.worker());
    context.watchWith(subscribe.subscriber(), new SubscriberGone(subscribe.subscriber()));
    subscribe.subscriber().tell(new Plugins(state.versions()));
    return Effect().none();
  }

  private Effect<PluginEvent, KeptPlugins> onSubscriberGone(KeptPlugins state, SubscriberGone gone) {
    subscribers.gone(gone.subscriber());
    return Effect().none();
  }

  private Effect<PluginEvent, KeptPlugins> onGetChunk(KeptPlugins state, GetChunk get) {
    byte[] bytes = state.chunk(get.digest(), get.index());
    return Effect().reply(get.replyTo(), bytes != null
        ? new Chunk(get.digest(), get.index(), bytes, null)
        : new Chunk(get.digest(), get.index(), null, "the store keeps no chunk " + get.index() + " of version "
            + get.digest() + " (removed meanwhile?)"));
  }

  private Effect<PluginEvent, KeptPlugins> onReportLoaded(KeptPlugins state, ReportLoaded report) {
    if (state.byDigest(report.digest()).isPresent()) {
      subscribers.report(report.worker(), report.digest(), report.error());
    }
    if (report.error() != null) {
      context.getLog().warn("Worker {} could not load plugin version {}: {}", report.worker(), report.digest(),
          report.error());
    }
    return Effect().none();
  }
}
