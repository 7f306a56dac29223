package io.tasklane.client.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.api.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Results as a table: {@code ID TYPE LANE STATUS ATTEMPTS WORKER OUTPUT/ERROR}, then one
 * summary line per lane. Column widths come from the first {@link #SAMPLE} rows; later
 * rows are cut to fit, so a million results stream through without being held.
 */
final class ResultsTable implements ResultsPrinter {

  /** Rows held back to size the columns before the first line is printed. */
  static final int SAMPLE = 100;
  /** The widest any column but the last may get. */
  static final int MAX_COLUMN = 40;
  /** The output column's width when the terminal's is unknown. */
  static final int DEFAULT_OUTPUT_WIDTH = 60;
  /** The output column never gets narrower than this. */
  static final int MIN_OUTPUT_WIDTH = 20;

  private static final List<String> HEADERS =
      List.of("ID", "TYPE", "LANE", "STATUS", "ATTEMPTS", "WORKER", "OUTPUT/ERROR");

  private final PrintWriter out;
  private final int terminalWidth;
  private final ResultCounts counts = new ResultCounts();
  private final List<List<String>> sample = new ArrayList<>();
  private int[] widths;

  ResultsTable(PrintWriter out, int terminalWidth) {
    this.out = out;
    this.terminalWidth = terminalWidth;
  }

  @Override
  public void accept(String line) {
    JsonNode result = Json.parseOrMissing(line);
    String status = result.path("status").asText("?");
    String lane = result.path("lane").asText("?");
    counts.add(lane, status);
    List<String> row = List.of(
        result.path("id").asText(""),
        result.path("type").asText(""),
        lane,
        status,
        result.path("attempts").asText(""),
        result.path("worker").asText(""),
        detail(result, status));
    if (widths == null) {
      sample.add(row);
      if (sample.size() == SAMPLE) {
        flushSample();
      }
    } else {
      printRow(row);
    }
  }

  @Override
  public long finish() {
    if (widths == null) {
      flushSample();
    }
    out.println();
    for (Map.Entry<String, Map<String, Long>> lane : counts.perLane().entrySet()) {
      long total = lane.getValue().values().stream().mapToLong(Long::longValue).sum();
      String byStatus = lane.getValue().entrySet().stream()
          .map(entry -> entry.getValue() + " " + entry.getKey())
          .collect(Collectors.joining(", "));
      out.println(lane.getKey() + ": " + total + " tasks: " + byStatus);
    }
    if (counts.total() == 0) {
      out.println("no results");
    }
    out.flush();
    return counts.total();
  }

  @Override
  public boolean allSucceeded() {
    return counts.allSucceeded();
  }

  private static String detail(JsonNode result, String status) {
    JsonNode error = result.path("error");
    boolean showError = !ResultCounts.SUCCEEDED.equals(status) && !error.isMissingNode() && !error.isNull();
    JsonNode shown = showError ? error : result.path("output");
    if (shown.isMissingNode() || shown.isNull()) {
      return "";
    }
    return shown.isTextual() ? shown.textValue() : shown.toString();
  }

  private void flushSample() {
    widths = new int[HEADERS.size()];
    int used = 0;
    for (int column = 0; column < widths.length - 1; column++) {
      int width = HEADERS.get(column).length();
      for (List<String> row : sample) {
        width = Math.max(width, row.get(column).length());
      }
      widths[column] = Math.min(width, MAX_COLUMN);
      used += widths[column] + 2;
    }
    widths[widths.length - 1] = terminalWidth == Terminal.UNKNOWN
        ? DEFAULT_OUTPUT_WIDTH
        : Math.max(MIN_OUTPUT_WIDTH, terminalWidth - used - 1);
    printRow(HEADERS);
    sample.forEach(this::printRow);
    sample.clear();
  }

  private void printRow(List<String> row) {
    List<String> cells = new ArrayList<>(row.size());
    for (int column = 0; column < row.size(); column++) {
      cells.add(Terminal.truncate(row.get(column).replace('\n', ' '), widths[column]));
    }
    out.println(TextTable.line(cells, widths));
  }
}
