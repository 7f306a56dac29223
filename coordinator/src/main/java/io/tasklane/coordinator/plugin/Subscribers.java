package io.tasklane.coordinator.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.Plugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The workers subscribed to the store, and which versions each reports loaded or failed to
 * load (kept in memory only: a worker reports again when it subscribes to a new store).
 */
final class Subscribers {

  private final Map<ActorRef<Plugins>, String> workers = new HashMap<>();
  /** worker to (digest to null when loaded, else the reason it failed). */
  private final Map<String, Map<String, String>> reports = new TreeMap<>();

  void add(ActorRef<Plugins> subscriber, String worker) {
    workers.put(subscriber, worker);
  }

  /** A subscriber stopped: forget its reports unless another subscriber speaks for the same worker. */
  void gone(ActorRef<Plugins> subscriber) {
    String worker = workers.remove(subscriber);
    if (worker != null && !workers.containsValue(worker)) {
      reports.remove(worker);
    }
  }

  void report(String worker, String digest, String error) {
    reports.computeIfAbsent(worker, w -> new HashMap<>()).put(digest, error);
  }

  /** A version is gone: forget what workers said of it. */
  void forget(String digest) {
    reports.values().forEach(byDigest -> byDigest.remove(digest));
  }

  List<String> loadedBy(String digest) {
    List<String> loaded = new ArrayList<>();
    reports.forEach((worker, byDigest) -> {
      if (byDigest.containsKey(digest) && byDigest.get(digest) == null) {
        loaded.add(worker);
      }
    });
    return loaded;
  }

  Map<String, String> failedOn(String digest) {
    Map<String, String> failed = new TreeMap<>();
    reports.forEach((worker, byDigest) -> {
      String error = byDigest.get(digest);
      if (error != null) {
        failed.put(worker, error);
      }
    });
    return failed;
  }

  void tellAll(Plugins plugins) {
    workers.keySet().forEach(subscriber -> subscriber.tell(plugins));
  }
}
