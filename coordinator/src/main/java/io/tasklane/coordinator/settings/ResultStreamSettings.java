package io.tasklane.coordinator.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the API streams results out ({@code tasklane.coordinator.results-streams}): the bytes of
 * result pages all streams of a node hold at once, about how large one page is, the pieces pages
 * go out in, and how long a reader may take no bytes before its stream is closed.
 */
public record ResultStreamSettings(long budgetBytes, long pageBytes, int chunkBytes, Duration stallTimeout) {

  public ResultStreamSettings {
    if (budgetBytes <= 0 || pageBytes <= 0 || chunkBytes <= 0) {
      throw new IllegalArgumentException("tasklane.coordinator.results-streams: budget, page-bytes and chunk-bytes "
          + "must be more than 0, not " + budgetBytes + ", " + pageBytes + ", " + chunkBytes);
    }
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("tasklane.coordinator.results-streams.stall-timeout must be more than 0, not "
          + stallTimeout);
    }
  }

  public static ResultStreamSettings fromConfig(Config root) {
    Config config = root.getConfig("tasklane.coordinator.results-streams");
    return new ResultStreamSettings(config.getBytes("budget"), config.getBytes("page-bytes"),
        Math.toIntExact(config.getBytes("chunk-bytes")), config.getDuration("stall-timeout"));
  }
}
