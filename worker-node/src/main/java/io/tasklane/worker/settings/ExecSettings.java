package io.tasklane.worker.settings;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code tasklane.worker.exec}: the {@code exec} task type's settings.
 *
 * @param maxOutputBytes the most bytes of stdout, and of stderr, kept per task (the last ones)
 * @param killGrace how long a stopped process and its children get between SIGTERM and SIGKILL
 *     (and how long output is awaited after an exit from children that keep the pipes open)
 */
public record ExecSettings(ExecAllow allow, int maxOutputBytes, Duration killGrace) {

  public ExecSettings {
    if (maxOutputBytes <= 0) {
      throw new IllegalArgumentException("tasklane.worker.exec.max-output-bytes must be positive, not " + maxOutputBytes);
    }
    if (killGrace == null || killGrace.isNegative() || killGrace.isZero()) {
      throw new IllegalArgumentException("tasklane.worker.exec.kill-grace must be positive, not " + killGrace);
    }
  }

  /** Reads {@code tasklane.worker.exec} (the path given is {@code tasklane.worker}). */
  static ExecSettings fromConfig(Config worker) {
    long bytes = worker.getBytes("exec.max-output-bytes");
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tasklane.worker.exec.max-output-bytes must be below 2 GiB, not " + bytes);
    }
    return new ExecSettings(
        ExecAllow.parse(worker.getString("exec.allow")), (int) bytes, worker.getDuration("exec.kill-grace"));
  }
}
