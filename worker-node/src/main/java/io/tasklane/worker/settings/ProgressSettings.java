package io.tasklane.worker.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.worker.progress}: what becomes of the progress handlers report
 * ({@code TaskContext.progress}). The worker keeps each attempt's last report and writes it to
 * its log, throttled, so a handler may report as often as it likes.
 *
 * @param logEvery the shortest time between two progress lines of one attempt
 * @param maxNoteChars notes longer than this are cut
 */
public record ProgressSettings(Duration logEvery, int maxNoteChars) {

  /** reference.conf's values, for settings built in code. */
  public static final ProgressSettings DEFAULTS = new ProgressSettings(Duration.ofSeconds(5), 200);

  public ProgressSettings {
    if (logEvery == null || logEvery.isNegative() || logEvery.isZero()) {
      throw new IllegalArgumentException("tasklane.worker.progress.log-every must be positive, not " + logEvery);
    }
    if (maxNoteChars <= 0) {
      throw new IllegalArgumentException("tasklane.worker.progress.max-note-chars must be positive, not " + maxNoteChars);
    }
  }

  /** Reads {@code tasklane.worker.progress} (the path given is {@code tasklane.worker}). */
  static ProgressSettings fromConfig(Config worker) {
    return new ProgressSettings(worker.getDuration("progress.log-every"), worker.getInt("progress.max-note-chars"));
  }
}
