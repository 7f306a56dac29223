package io.tasklane.client.watch;

import io.tasklane.client.output.Times;
import java.util.Locale;

/** One lane's numbers as text: {@code 1234/10000  12%  350.0/s  ETA 25.0s  3 failed} ("done" instead of the ETA at the end). */
final class LaneText {

  private LaneText() {
  }

  static String numbers(LaneProgress lane) {
    String rate = lane.rate().isPresent()
        ? String.format(Locale.ROOT, "%.1f/s", lane.rate().getAsDouble())
        : "-/s";
    String eta = lane.done() >= lane.total() ? "done" : "ETA " + lane.eta().map(Times::format).orElse("?");
    return String.format(Locale.ROOT, "%d/%d  %3d%%  %s  %s  %d failed", lane.done(), lane.total(),
        Math.round(lane.fraction() * 100), rate, eta, lane.failures());
  }
}
