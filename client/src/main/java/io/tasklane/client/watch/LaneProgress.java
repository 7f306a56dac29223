package io.tasklane.client.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * One lane's progress as status events arrive: done / total, failures so far, the rate over
 * the last {@link #WINDOW} (tasks per second) and the time left at that rate. Plain Java; the
 * caller passes the clock's reading, so it is tested without waiting.
 */
final class LaneProgress {

  /** The rate is measured over this much recent time. */
  static final Duration WINDOW = Duration.ofSeconds(5);
  /** Samples kept at most (the server sends at most ~4 events per second). */
  static final int MAX_SAMPLES = 64;

  private record Sample(long nanos, long done) {
  }

  private final String lane;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private long total;
  private long done;
  private long failures;

  LaneProgress(String lane) {
    this.lane = lane;
  }

  /** Records the lane's counts as of {@code nanos} (a {@link System#nanoTime()} reading). */
  void update(long nanos, long total, long done, long failures) {
    this.total = total;
    this.done = done;
    this.failures = failures;
    samples.addLast(new Sample(nanos, done));
    while (samples.size() > MAX_SAMPLES
        || samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW.toNanos()) {
      samples.removeFirst();
    }
  }

  String lane() {
    return lane;
  }

  long total() {
    return total;
  }

  long done() {
    return done;
  }

  long failures() {
    return failures;
  }

  /** 0..1; 1 for an empty lane. */
  double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
  }

  /** Tasks ended per second over the last few seconds; empty before two samples. */
  OptionalDouble rate() {
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    long nanos = last.nanos() - first.nanos();
    if (nanos <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((last.done() - first.done()) * 1e9 / nanos);
  }

  /** The time left at the current rate; empty when unknown (no rate yet, or nothing moving). */
  java.util.Optional<Duration> eta() {
    if (done >= total) {
      return java.util.Optional.of(Duration.ZERO);
    }
    OptionalDouble rate = rate();
    if (rate.isEmpty() || rate.getAsDouble() <= 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofMillis(Math.round((total - done) / rate.getAsDouble() * 1000)));
  }
}
