package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.CborSerializable;
import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;

/**
 * What the plugin store journals. A version is added in one atomic write: its chunks, then
 * {@link PluginAdded} (and {@link PluginRemoved} of the version it replaces); so a restarted
 * store has every version it acknowledged, whole. Each chunk is one event, of at most
 * {@code plugins.chunk-bytes}.
 */
public sealed interface PluginEvent extends CborSerializable {

  record ChunkKept(String digest, int index, byte[] bytes) implements PluginEvent {}

  record PluginAdded(PluginVersion plugin) implements PluginEvent {}

  record PluginRemoved(String digest) implements PluginEvent {}
}
