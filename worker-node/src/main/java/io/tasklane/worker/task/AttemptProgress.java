package io.tasklane.worker.task;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An attempt's progress: the last report a handler made (kept, replaced by the next) and its
 * lines in the worker's log, at most one per {@code log-every} so that reporting on every step
 * of a loop costs a volatile write, not a log line. Thread-safe: handlers report from any thread.
 */
final class AttemptProgress {

  /** One report: {@code fraction} from 0 to 1, a short note (may be empty). */
  record Report(double fraction, String note) {}

  private final System.Logger log;
  private final long logEveryNanos;
  private final int maxNoteChars;
  private final LongSupplier nanoTime;
  private final AtomicLong nextLineAt;
  private volatile Report last;

  /**
   * @param logEvery the shortest time between two lines; null: reports are kept, never logged
   */
  AttemptProgress(System.Logger log, Duration logEvery, int maxNoteChars, LongSupplier nanoTime) {
    this.log = log;
    this.logEveryNanos = logEvery == null ? -1 : logEvery.toNanos();
    this.maxNoteChars = maxNoteChars;
    this.nanoTime = nanoTime;
    this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
  }

  /** Keeps the report (a fraction outside 0..1 is clamped, NaN counts as 0) and maybe logs it. */
  void report(double fraction, String note) {
    double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    String text = note == null ? "" : note.strip();
    if (text.length() > maxNoteChars) {
      text = text.substring(0, maxNoteChars) + "…";
    }
    Report report = new Report(clamped, text);
    last = report;
    if (logEveryNanos > 0 && dueForALine()) {
      log.log(System.Logger.Level.INFO, () -> line(report));
    }
  }

  /** The last report; empty before the first. */
  Optional<Report> last() {
    return Optional.ofNullable(last);
  }

  /** Claims the next line's turn: one thread wins when several report at once. */
  private boolean dueForALine() {
    long now = nanoTime.getAsLong();
    long due = nextLineAt.get();
    return now - due >= 0 && nextLineAt.compareAndSet(due, now + logEveryNanos);
  }

  private static String line(Report report) {
    String percent = String.format(Locale.ROOT, "%.0f%%", report.fraction() * 100);
    return report.note().isEmpty() ? "progress " + percent : "progress " + percent + ": " + report.note();
  }
}
