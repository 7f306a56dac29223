package io.tasklane.worker.task;

import io.tasklane.protocol.Lane;
import io.tasklane.protocol.dispatch.TypeOffer;
import io.tasklane.worker.task.TypeTable.Entry;
import io.tasklane.spi.TaskHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task types this node runs: the built-ins, then every {@link TaskHandler} that
 * {@link ServiceLoader} finds on the class path and in the plugin folder's jars. When two
 * handlers share a type name the first one wins. Plugins delivered by the coordinator come and go
 * at run time ({@link #setPlugins}); lanes look a handler up per task.
 */
public final class HandlerRegistry {

  private static final Logger log = LoggerFactory.getLogger(HandlerRegistry.class);

  /** The types that never change at run time: built-ins, class path, plugin folder. */
  private final Map<String, Entry> fixed;
  /** Read by the lanes, swapped whole by {@link #setPlugins} (one writer: the plugin sync). */
  private volatile TypeTable table;

  private HandlerRegistry(Map<String, Entry> entries) {
    this.fixed = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    this.table = TypeTable.of(fixed);
  }

  /** The handlers that ship with the worker. */
  public static List<TaskHandler> builtIns() {
    return List.of(
        new NoopHandler(),
        new SleepHandler(),
        new HttpGetHandler(),
        new FileDownloadHandler(),
        new Sha256Handler(),
        new FactorialHandler());
  }

  /** Exactly these handlers (first wins on duplicate names); for tests and embedding. */
  public static HandlerRegistry of(List<? extends TaskHandler> handlers) {
    Map<String, Entry> byType = new LinkedHashMap<>();
    handlers.forEach(handler -> add(byType, handler, "given"));
    return new HandlerRegistry(byType);
  }

  /**
   * The built-ins and, where the node allows it ({@code exec.allow} is not off), {@code exec}, plus
   * ServiceLoader providers of the context class loader and of the jars in {@code pluginDir} (a
   * missing folder is fine).
   */
  public static HandlerRegistry load(Path pluginDir, ExecHandler exec) {
    Map<String, Entry> byType = new LinkedHashMap<>();
    builtIns().forEach(handler -> add(byType, handler, "built-in"));
    if (exec.allowsAny()) {
      add(byType, exec, "built-in"); // offered only where allowed: exec tasks go only to allowing workers
    }
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    if (parent == null) {
      parent = HandlerRegistry.class.getClassLoader();
    }
    List<URL> jars = pluginJars(pluginDir);
    ClassLoader loader = jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    Iterator<TaskHandler> providers = ServiceLoader.load(TaskHandler.class, loader).iterator();
    while (hasNext(providers)) {
      try {
        TaskHandler handler = providers.next();
        add(byType, handler, sourceOf(handler));
      } catch (ServiceConfigurationError e) {
        log.error("Skipping a task handler plugin that failed to load: {}", e.getMessage());
      }
    }
    log.info("Task types on this node: {} (plugin jars: {})", byType.keySet(), jars.size());
    return new HandlerRegistry(byType);
  }

  /** What this node tells the broker it offers, by type name. */
  public Map<String, TypeOffer> offers() {
    return table.offers;
  }

  /** Type name to the lane its handler runs in. */
  public Map<String, Lane> catalog() {
    return table.catalog;
  }

  public Optional<TaskHandler> find(String type) {
    return Optional.ofNullable(table.handlers.get(type));
  }

  /**
   * Replaces the plugin versions delivered by the coordinator (oldest first) with {@code plugins}:
   * one atomic swap, so a lane sees the old types or the new ones, never a mix. Tell the lanes
   * ({@link TypesChanged}) after. Returns the plugin types left out (another source has them).
   */
  public synchronized List<String> setPlugins(List<PluginHandlers> plugins) {
    TypeTable next = TypeTable.of(fixed, plugins);
    table = next;
    return next.warnings;
  }

  private static void add(Map<String, Entry> byType, TaskHandler handler, String source) {
    Entry existing = byType.putIfAbsent(handler.type(), new Entry(handler, source));
    if (existing != null) {
      log.warn(
          "Task type '{}' from {} ignored: {} already provides it",
          handler.type(), source, existing.handler().getClass().getName());
    }
  }

  /** The jar a plugin handler was loaded from ({@code plugin jar NAME}), or {@code class path}. */
  private static String sourceOf(TaskHandler handler) {
    java.security.CodeSource code = handler.getClass().getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return "class path";
    }
    String location = code.getLocation().getPath();
    String name = location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    return name.endsWith(".jar") ? "plugin jar " + name : "class path";
  }

  private static boolean hasNext(Iterator<TaskHandler> providers) {
    while (true) {
      try {
        return providers.hasNext();
      } catch (ServiceConfigurationError e) {
        log.error("Skipping a task handler plugin that failed to load: {}", e.getMessage());
      }
    }
  }

  private static List<URL> pluginJars(Path pluginDir) {
    if (pluginDir == null || !Files.isDirectory(pluginDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pluginDir)) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(toUrl(jar));
      }
      return urls;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the plugin folder " + pluginDir, e);
    }
  }

  private static URL toUrl(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("bad plugin jar path " + jar, e);
    }
  }
}
