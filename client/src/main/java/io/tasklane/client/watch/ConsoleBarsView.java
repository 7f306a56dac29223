package io.tasklane.client.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;

/**
 * On a console: one progress bar per lane, redrawn in place (ANSI cursor-up and erase-line)
 * at each event, colored unless colors are off; then the summary.
 */
final class ConsoleBarsView implements ProgressView {

  /** The bar never gets narrower than this. */
  static final int MIN_BAR = 10;
  /** Nor wider. */
  static final int MAX_BAR = 40;

  private static final String UP = "\u001b[%dA";
  private static final String ERASE_LINE = "\r\u001b[2K";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final int width;
  private final boolean colors;
  private final boolean unicode;
  private final JobProgress progress = new JobProgress();
  private int linesDrawn;

  ConsoleBarsView(PrintWriter out, int width, boolean colors, boolean unicode) {
    this.out = out;
    this.width = width;
    this.colors = colors;
    this.unicode = unicode;
  }

  @Override
  public void onStatus(JsonNode status) {
    progress.update(status, System.nanoTime());
    draw(status);
  }

  @Override
  public void onEnd(JsonNode status) {
    progress.update(status, System.nanoTime());
    draw(status);
    Summary.print(status, out);
  }

  private void draw(JsonNode status) {
    if (linesDrawn > 0) {
      out.print(String.format(UP, linesDrawn));
    }
    List<LaneProgress> lanes = progress.lanes();
    out.print(ERASE_LINE + "job " + status.path("id").asText("?") + ": " + status.path("state").asText("?") + "\n");
    for (LaneProgress lane : lanes) {
      out.print(ERASE_LINE + line(lane) + "\n");
    }
    linesDrawn = lanes.size() + 1;
    out.flush();
  }

  private String line(LaneProgress lane) {
    String numbers = LaneText.numbers(lane);
    String label = String.format("%-4s", lane.lane());
    int barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, width - label.length() - numbers.length() - 5));
    int filled = (int) Math.round(lane.fraction() * barWidth);
    String bar = (unicode ? "█" : "#").repeat(filled) + (unicode ? "░" : "-").repeat(barWidth - filled);
    if (colors) {
      bar = (lane.failures() > 0 ? YELLOW : GREEN) + bar + RESET;
      if (lane.failures() > 0) {
        numbers = numbers.replaceFirst("(\\d+ failed)$", RED + "$1" + RESET);
      }
    }
    return label + " [" + bar + "] " + numbers;
  }
}
