package io.tasklane.coordinator.plugin;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.coordinator.plugins}: the plugin store's limits, read once.
 *
 * @param maxBytes largest jar an add takes
 * @param maxTotalBytes most bytes of every kept version together (the store serves them from memory)
 * @param chunkBytes a jar travels and is journaled in pieces of this size
 * @param maxUploads adds in progress at once
 * @param uploadTimeout an add whose chunks stop coming for this long is dropped
 * @param checkTimeout longest the jar check may take
 */
public record PluginSettings(
    long maxBytes, long maxTotalBytes, int chunkBytes, int maxUploads, Duration uploadTimeout, Duration checkTimeout) {

  /** Room left in a message for what travels beside a chunk (ids, digest, the reply's address). */
  static final int ENVELOPE_BYTES = 4096;

  /**
   * @param maxMessageBytes the coordinator's {@code max-message-bytes}: a chunk and its envelope must fit it
   */
  public static PluginSettings fromConfig(Config root, long maxMessageBytes) {
    Config c = root.getConfig("tasklane.coordinator.plugins");
    long chunk = c.getBytes("chunk-bytes");
    if (chunk <= 0 || chunk + ENVELOPE_BYTES > maxMessageBytes) {
      throw new IllegalArgumentException("tasklane.coordinator.plugins.chunk-bytes (" + chunk + ") must be more than 0 "
          + "and at most tasklane.coordinator.max-message-bytes (" + maxMessageBytes + ") minus " + ENVELOPE_BYTES);
    }
    PluginSettings settings = new PluginSettings(c.getBytes("max-bytes"), c.getBytes("max-total-bytes"), (int) chunk,
        c.getInt("max-uploads"), c.getDuration("upload-timeout"), c.getDuration("check-timeout"));
    if (settings.maxBytes() <= 0 || settings.maxTotalBytes() < settings.maxBytes() || settings.maxUploads() <= 0) {
      throw new IllegalArgumentException("tasklane.coordinator.plugins: max-bytes must be positive, max-total-bytes at "
          + "least max-bytes, max-uploads positive; not " + settings);
    }
    return settings;
  }
}
