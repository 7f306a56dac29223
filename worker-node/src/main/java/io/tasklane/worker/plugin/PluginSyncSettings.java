package io.tasklane.worker.plugin;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tasklane.worker.plugins}: how a worker fetches the plugins the coordinator keeps.
 *
 * @param cacheDir where fetched jars are kept; null = a new temporary folder per node
 * @param fetchTimeout longest wait for one chunk from the store
 * @param retryAfter wait before trying a failed fetch again
 */
public record PluginSyncSettings(Path cacheDir, Duration fetchTimeout, Duration retryAfter) {

  public static PluginSyncSettings fromConfig(Config root) {
    Config c = root.getConfig("tasklane.worker.plugins");
    String dir = c.getString("cache-dir").trim();
    Duration fetch = c.getDuration("fetch-timeout");
    Duration retry = c.getDuration("retry-after");
    if (fetch.isZero() || fetch.isNegative() || retry.isZero() || retry.isNegative()) {
      throw new IllegalArgumentException(
          "tasklane.worker.plugins.fetch-timeout and retry-after must be positive, not " + fetch + " and " + retry);
    }
    return new PluginSyncSettings(dir.isEmpty() ? null : Path.of(dir), fetch, retry);
  }
}
