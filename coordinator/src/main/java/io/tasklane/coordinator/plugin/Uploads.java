package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Adds in progress: their chunks wait here, in order, until the add finishes. Bounded: at most
 * {@code max} at once, each at most its announced size; one whose chunks stopped coming for
 * {@code timeout} is dropped when room is needed.
 */
final class Uploads {

  /** An add in progress: the version announced and the chunks received so far. */
  record Upload(long id, PluginVersion plugin, List<byte[]> chunks, long received, long touchedNanos) {}

  private final Map<Long, Upload> open = new LinkedHashMap<>();
  private final int max;
  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private long nextId = 1;

  Uploads(int max, Duration timeout, LongSupplier nanoTime) {
    this.max = max;
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Opens an add of {@code plugin}; refused when {@code max} fresh ones are open already. */
  long begin(PluginVersion plugin) throws PluginRefused {
    long now = nanoTime.getAsLong();
    open.values().removeIf(upload -> now - upload.touchedNanos() > timeoutNanos);
    if (open.size() >= max) {
      throw new PluginRefused("plugin " + plugin.name() + " " + plugin.version() + " refused: " + open.size()
          + " plugins are being added right now (tasklane.coordinator.plugins.max-uploads); retry in a moment");
    }
    long id = nextId++;
    open.put(id, new Upload(id, plugin, new ArrayList<>(), 0, now));
    return id;
  }

  /** Takes chunk {@code index}: the next one, not past the announced size. */
  void put(long id, int index, byte[] bytes) throws PluginRefused {
    Upload upload = get(id);
    if (index != upload.chunks().size()) {
      drop(id);
      throw new PluginRefused("chunk " + index + " of plugin " + upload.plugin().name() + " arrived out of order "
          + "(expected " + upload.chunks().size() + "); the add is dropped");
    }
    long received = upload.received() + bytes.length;
    if (received > upload.plugin().size() || index >= upload.plugin().chunks()) {
      drop(id);
      throw new PluginRefused("plugin " + upload.plugin().name() + " sent more than its announced "
          + upload.plugin().size() + " bytes in " + upload.plugin().chunks() + " chunks; the add is dropped");
    }
    upload.chunks().add(bytes);
    open.put(id, new Upload(id, upload.plugin(), upload.chunks(), received, nanoTime.getAsLong()));
  }

  /** Closes the add: every chunk arrived and they hash to the announced digest. */
  Upload finish(long id) throws PluginRefused {
    Upload upload = get(id);
    drop(id);
    PluginVersion plugin = upload.plugin();
    if (upload.chunks().size() != plugin.chunks() || upload.received() != plugin.size()) {
      throw new PluginRefused("plugin " + plugin.name() + " arrived incomplete: " + upload.received() + " of "
          + plugin.size() + " bytes");
    }
    String digest = JarBytes.sha256(upload.chunks());
    if (!digest.equals(plugin.digest())) {
      throw new PluginRefused("plugin " + plugin.name() + " arrived damaged: its SHA-256 is " + digest
          + ", not the announced " + plugin.digest());
    }
    return upload;
  }

  void drop(long id) {
    open.remove(id);
  }

  int size() {
    return open.size();
  }

  private Upload get(long id) throws PluginRefused {
    Upload upload = open.get(id);
    if (upload == null) {
      throw new PluginRefused("no add " + id + " in progress (it timed out after "
          + Duration.ofNanos(timeoutNanos).toSeconds() + " s without a chunk, or the store restarted); add the plugin again");
    }
    return upload;
  }
}
