package io.tasklane.worker.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import io.tasklane.worker.task.PluginHandlers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * What this worker holds of the plugin store's versions, and what it still lacks: the versions
 * loaded (by digest), those that arrived whole but do not load here (with the reason, not
 * retried for the same bytes), and the store's list. Plain state for {@link PluginSync}.
 */
final class PluginVersions {

  private List<PluginVersion> wanted = List.of();
  private final Map<String, LoadedPlugin> loaded = new LinkedHashMap<>();
  private final Map<String, String> failed = new LinkedHashMap<>();

  /** Takes the store's list; returns the loaded versions it no longer names (removed here, to be retired). */
  List<LoadedPlugin> want(List<PluginVersion> versions) {
    wanted = List.copyOf(versions);
    return dropUnwanted();
  }

  /** Forgets what the store's list no longer names; returns the loaded versions dropped. */
  List<LoadedPlugin> dropUnwanted() {
    Set<String> digests = wanted.stream().map(PluginVersion::digest).collect(Collectors.toSet());
    List<LoadedPlugin> gone = loaded.values().stream().filter(p -> !digests.contains(p.version().digest())).toList();
    gone.forEach(plugin -> loaded.remove(plugin.version().digest()));
    failed.keySet().retainAll(digests);
    return gone;
  }

  /** The first version of the store's list neither loaded nor known not to load here. */
  Optional<PluginVersion> nextMissing() {
    return wanted.stream().filter(v -> !loaded.containsKey(v.digest()) && !failed.containsKey(v.digest())).findFirst();
  }

  boolean isWanted(PluginVersion version) {
    return wanted.stream().anyMatch(v -> v.digest().equals(version.digest()));
  }

  void loaded(LoadedPlugin plugin) {
    loaded.put(plugin.version().digest(), plugin);
  }

  void failed(PluginVersion version, String reason) {
    failed.put(version.digest(), reason);
  }

  /** The loaded versions' handlers in the store's order (oldest first). */
  List<PluginHandlers> handlers() {
    return wanted.stream().map(v -> loaded.get(v.digest())).filter(Objects::nonNull).map(LoadedPlugin::handlers).toList();
  }

  /** Each version's digest with null when it loaded, or the reason it does not. */
  void forEachOutcome(BiConsumer<String, String> outcome) {
    loaded.keySet().forEach(digest -> outcome.accept(digest, null));
    failed.forEach(outcome);
  }

  /** Retires every loaded version (the worker stops). */
  void retireAll() {
    loaded.values().forEach(LoadedPlugin::retire);
    loaded.clear();
  }
}
