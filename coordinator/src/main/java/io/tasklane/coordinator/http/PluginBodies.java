package io.tasklane.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tasklane.protocol.plugin.PluginProtocol.Added;
import io.tasklane.protocol.plugin.PluginProtocol.PluginList;
import io.tasklane.protocol.plugin.PluginProtocol.PluginStatus;
import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import java.util.List;
import java.util.Map;

/** The JSON bodies of {@code /api/plugins} (see docs/api.md); times in epoch ms, as the job bodies. */
final class PluginBodies {

  /** One kept version; {@code workers}: those that loaded it; {@code failed}: worker to reason. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PluginBody(String name, String version, String digest, long size, List<String> types, long addedAt,
      Boolean newest, List<String> workers, Map<String, String> failed) {}

  /** The answer to an add; {@code alreadyKept}: these very bytes were kept before (nothing changed). */
  record AddedBody(String name, String version, String digest, long size, List<String> types, long addedAt,
      PluginBody replaced, boolean alreadyKept) {}

  record ListBody(List<PluginBody> plugins) {}

  record RemovedBody(List<PluginBody> removed) {}

  private PluginBodies() {}

  static PluginBody of(PluginVersion plugin) {
    return new PluginBody(plugin.name(), plugin.version(), plugin.digest(), plugin.size(), plugin.types(),
        plugin.addedAt(), null, null, null);
  }

  static PluginBody of(PluginStatus status) {
    PluginVersion plugin = status.plugin();
    return new PluginBody(plugin.name(), plugin.version(), plugin.digest(), plugin.size(), plugin.types(),
        plugin.addedAt(), status.newest(), status.loadedBy(), status.failedOn());
  }

  static AddedBody added(Added added, boolean alreadyKept) {
    PluginVersion plugin = added.plugin();
    return new AddedBody(plugin.name(), plugin.version(), plugin.digest(), plugin.size(), plugin.types(),
        plugin.addedAt(), added.replaced() == null ? null : of(added.replaced()), alreadyKept);
  }

  static ListBody list(PluginList list) {
    return new ListBody(list.plugins().stream().map(PluginBodies::of).toList());
  }

  static RemovedBody removed(List<PluginVersion> removed) {
    return new RemovedBody(removed.stream().map(PluginBodies::of).toList());
  }
}
