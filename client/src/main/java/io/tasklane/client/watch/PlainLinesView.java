package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Without a console: one plain line per status event, at most one per {@link #EVERY}, then the
 * summary. For logs and CI.
 */
final class PlainLinesView implements ProgressView {

  /** Lines are at least this far apart (the final state is always printed). */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final PrintWriter out;
  private final LongSupplier clock;
  private final JobProgress progress = new JobProgress();
  private long lastPrinted;
  private boolean printedAny;

  PlainLinesView(PrintWriter out, LongSupplier clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void onStatus(JsonNode status) {
    long now = clock.getAsLong();
    progress.update(status, now);
    if (!printedAny || now - lastPrinted >= EVERY.toNanos()) {
      print(status, now);
    }
  }

  @Override
  public void onEnd(JsonNode status) {
    long now = clock.getAsLong();
    progress.update(status, now);
    print(status, now);
    Summary.print(status, out);
  }

  private void print(JsonNode status, long now) {
    printedAny = true;
    lastPrinted = now;
    out.println(status.path("state").asText("?") + "  " + progress.lanes().stream()
        .map(lane -> lane.lane() + " " + LaneText.numbers(lane))
        .collect(Collectors.joining("  |  ")));
    out.flush();
  }
}
