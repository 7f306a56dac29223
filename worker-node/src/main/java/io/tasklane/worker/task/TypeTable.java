package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.LaneChoice;
import io.tasklane.spi.TaskHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable view of the types a node runs: the fixed ones (built-ins, class path, plugin
 * folder) and the plugin versions delivered by the coordinator. The registry swaps a whole new
 * table in when plugins change, so a lane never sees half an update.
 */
final class TypeTable {

  /** A handler and where it came from ({@code built-in}, a jar's name, a plugin version). */
  record Entry(TaskHandler handler, String source) {}

  final Map<String, TaskHandler> handlers;
  final Map<String, Lane> catalog;
  final Map<String, TypeOffer> offers;
  /** Plugin types left out because another source has them. */
  final List<String> warnings;

  private TypeTable(Map<String, Entry> entries, List<String> warnings) {
    Map<String, TaskHandler> byType = new LinkedHashMap<>();
    Map<String, Lane> lanes = new LinkedHashMap<>();
    Map<String, TypeOffer> offered = new LinkedHashMap<>();
    entries.forEach((type, entry) -> {
      TaskHandler handler = entry.handler();
      byType.put(type, handler);
      // an auto type (a function handler's: only they can be measured) runs in the CPU lane
      // until the worker has measured it (LaneChoices); an asynchronous handler that says auto
      // cannot move, so it stays in the I/O lane
      Lane lane = switch (handler.lane()) {
        case IO -> Lane.IO;
        case CPU -> Lane.CPU;
        case AUTO -> handler instanceof IoTaskHandler ? Lane.IO : Lane.CPU;
      };
      lanes.put(type, lane);
      offered.put(type, new TypeOffer(type, handler.lane(), lane, handler.input().toJson().toString(),
          entry.source(), handler.description()));
    });
    this.handlers = Collections.unmodifiableMap(byType);
    this.catalog = Collections.unmodifiableMap(lanes);
    this.offers = Collections.unmodifiableMap(offered);
    this.warnings = List.copyOf(warnings);
  }

  static TypeTable of(Map<String, Entry> fixed) {
    return new TypeTable(fixed, List.of());
  }

  /**
   * The fixed types plus {@code plugins} (oldest first): each version's types as
   * {@code type@version}, and each plain type from the newest version of the plugin that has it.
   * A fixed type is never replaced; a plain type stays with the first plugin name that offered it.
   */
  static TypeTable of(Map<String, Entry> fixed, List<PluginHandlers> plugins) {
    Map<String, Entry> entries = new LinkedHashMap<>(fixed);
    Map<String, String> owners = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    for (PluginHandlers plugin : plugins) {
      for (TaskHandler handler : plugin.handlers()) {
        String type = handler.type();
        Entry entry = new Entry(handler, plugin.source());
        String pinned = type + "@" + plugin.version();
        if (entries.putIfAbsent(pinned, entry) != null) {
          warnings.add("type '" + pinned + "' of " + plugin.source() + " ignored: another source has it");
        }
        String owner = owners.get(type);
        if (fixed.containsKey(type) || (owner != null && !owner.equals(plugin.name()))) {
          String other = fixed.containsKey(type) ? fixed.get(type).source() : "plugin " + owner;
          warnings.add("type '" + type + "' of " + plugin.source() + " ignored: " + other + " provides it");
          continue;
        }
        owners.put(type, plugin.name());
        entries.put(type, entry); // a newer version of the same plugin replaces the older one's
      }
    }
    return new TypeTable(entries, warnings);
  }
}
