package io.tasklane.worker.plugin;

import io.tasklane.protocol.plugin.PluginProtocol.PluginVersion;
import io.tasklane.spi.TaskHandler;
import io.tasklane.worker.task.PluginHandlers;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin version loaded on this worker, in a class loader of its own (parent: the worker's,
 * which has the SPI): two versions never share a class. Retired when the version is removed;
 * the loader closes once its last attempt ended.
 */
final class LoadedPlugin {

  private static final Logger log = LoggerFactory.getLogger(LoadedPlugin.class);

  /** Why a jar that arrived whole does not load here (not retried for the same bytes). */
  static final class LoadFailure extends Exception {
    LoadFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final PluginVersion version;
  private final PluginHandlers handlers;
  private final InUse inUse;

  private LoadedPlugin(PluginVersion version, PluginHandlers handlers, InUse inUse) {
    this.version = version;
    this.handlers = handlers;
    this.inUse = inUse;
  }

  /** Loads the handlers {@code jar} names (ServiceLoader) in a new class loader; blocks. */
  static LoadedPlugin load(PluginVersion version, Path jar, ClassLoader parent) throws LoadFailure {
    URLClassLoader loader;
    try {
      loader = new URLClassLoader("plugin " + version.name() + " " + version.version(),
          new URL[] {jar.toUri().toURL()}, parent);
    } catch (IOException e) {
      throw new LoadFailure("bad jar path " + jar + ": " + e.getMessage());
    }
    try {
      InUse inUse = new InUse(() -> close(version, loader));
      List<TaskHandler> found = new ArrayList<>();
      for (ServiceLoader.Provider<TaskHandler> provider : ServiceLoader.load(TaskHandler.class, loader).stream().toList()) {
        if (provider.type().getClassLoader() != loader) {
          continue; // a provider of the worker's own class path, not of this jar
        }
        TaskHandler handler = provider.get();
        String type = handler.type();
        if (type == null || type.isBlank() || type.contains("@")) {
          throw new LoadFailure(provider.type().getName() + " has type '" + type + "'");
        }
        found.add(CountedHandlers.wrap(handler, inUse));
      }
      if (found.isEmpty()) {
        throw new LoadFailure("no task handlers in the jar");
      }
      return new LoadedPlugin(version, new PluginHandlers(version.name(), version.version(),
          "plugin " + version.label(), found), inUse);
    } catch (LoadFailure failure) {
      close(version, loader);
      throw failure;
    } catch (ServiceConfigurationError | RuntimeException | LinkageError broken) {
      close(version, loader);
      throw new LoadFailure(broken.toString());
    }
  }

  PluginVersion version() {
    return version;
  }

  PluginHandlers handlers() {
    return handlers;
  }

  /** The version is gone: its loader closes once no attempt of it runs. */
  void retire() {
    inUse.retire();
  }

  private static void close(PluginVersion version, URLClassLoader loader) {
    // closing reads no file but releases the jar's handle: off whatever thread ended the last attempt
    Thread.startVirtualThread(() -> {
      try {
        loader.close();
        log.info("Plugin {}: class loader closed", version.label());
      } catch (IOException e) {
        log.warn("Plugin {}: closing its class loader failed: {}", version.label(), e.toString());
      }
    });
  }
}
