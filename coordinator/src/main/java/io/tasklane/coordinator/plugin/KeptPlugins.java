package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugin versions the store keeps, with their chunks, in the order they were added (the
 * latest of a name is its newest): the plugin store's state, rebuilt from its events.
 */
final class KeptPlugins {

  private record Kept(PluginVersion plugin, List<byte[]> chunks) {}

  /** Chunks journaled ahead of their {@code PluginAdded} (in the same write). */
  private final Map<String, TreeMap<Integer, byte[]>> arriving = new HashMap<>();
  private final LinkedHashMap<String, Kept> byDigest = new LinkedHashMap<>();
  private long totalBytes;

  void apply(PluginEvent event) {
    switch (event) {
      case PluginEvent.ChunkKept chunk -> arriving.computeIfAbsent(chunk.digest(), d -> new TreeMap<>())
          .put(chunk.index(), chunk.bytes());
      case PluginEvent.PluginAdded added -> {
        TreeMap<Integer, byte[]> chunks = arriving.remove(added.plugin().digest());
        Kept old = byDigest.put(added.plugin().digest(),
            new Kept(added.plugin(), chunks == null ? List.of() : List.copyOf(chunks.values())));
        totalBytes += added.plugin().size() - (old == null ? 0 : old.plugin().size());
      }
      case PluginEvent.PluginRemoved removed -> {
        Kept old = byDigest.remove(removed.digest());
        if (old != null) {
          totalBytes -= old.plugin().size();
        }
      }
    }
  }

  /** Every kept version, oldest first. */
  List<PluginVersion> versions() {
    return byDigest.values().stream().map(Kept::plugin).toList();
  }

  Optional<PluginVersion> byDigest(String digest) {
    return Optional.ofNullable(byDigest.get(digest)).map(Kept::plugin);
  }

  /** The kept version with this name and version label. */
  Optional<PluginVersion> byLabel(String name, String version) {
    return versions().stream().filter(v -> v.name().equals(name) && v.version().equals(version)).findFirst();
  }

  /** Every version of {@code name}, or only {@code version} of it when that is not null. */
  List<PluginVersion> matching(String name, String version) {
    return versions().stream()
        .filter(v -> v.name().equals(name) && (version == null || v.version().equals(version)))
        .toList();
  }

  /** Whether {@code plugin} is the latest added version of its name. */
  boolean isNewest(PluginVersion plugin) {
    PluginVersion newest = null;
    for (Kept kept : byDigest.values()) {
      if (kept.plugin().name().equals(plugin.name())) {
        newest = kept.plugin();
      }
    }
    return newest != null && newest.digest().equals(plugin.digest());
  }

  /** Chunk {@code index} of version {@code digest}, or null when it is not kept. */
  byte[] chunk(String digest, int index) {
    Kept kept = byDigest.get(digest);
    return kept == null || index < 0 || index >= kept.chunks().size() ? null : kept.chunks().get(index);
  }

  long totalBytes() {
    return totalBytes;
  }

  /**
   * Why {@code candidate} cannot be kept beside the others, or null: a type that a plugin of
   * another name offers (versions of one name share their types, of course).
   */
  String conflict(PluginVersion candidate) {
    Set<String> wanted = new HashSet<>(candidate.types());
    for (Kept kept : byDigest.values()) {
      PluginVersion other = kept.plugin();
      if (other.name().equals(candidate.name())) {
        continue;
      }
      for (String type : other.types()) {
        if (wanted.contains(type)) {
          return "type '" + type + "' is already offered by plugin " + other.name() + " " + other.version()
              + " (remove it first, or rename the type)";
        }
      }
    }
    return null;
  }

  /** The type names kept versions offer: each type, and each as {@code type@version}. */
  Set<String> typeNames() {
    Set<String> names = new HashSet<>();
    for (PluginVersion version : versions()) {
      for (String type : version.types()) {
        names.add(type);
        names.add(type + "@" + version.version());
      }
    }
    return names;
  }
}
