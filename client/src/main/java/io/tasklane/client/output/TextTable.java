package io.tasklane.client.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A small table whose rows are all known up front (status, jobs, cluster views), as wide as
 * the terminal: the last column is cut to fit.
 */
public final class TextTable {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  public TextTable row(Object... cells) {
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** Prints it as wide as the terminal ({@link Terminal#width()}). */
  public void print(PrintWriter out) {
    print(out, Terminal.width());
  }

  /** Prints it in at most {@code maxWidth} columns: the last column is cut to what is left. */
  public void print(PrintWriter out, int maxWidth) {
    int[] widths = new int[headers.size()];
    for (int column = 0; column < widths.length; column++) {
      widths[column] = headers.get(column).length();
      for (List<String> row : rows) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    int last = widths.length - 1;
    int used = 0;
    for (int column = 0; column < last; column++) {
      used += widths[column] + 2;
    }
    int room = Math.max(headers.get(last).length(), maxWidth - used);
    out.println(line(headers, widths));
    for (List<String> row : rows) {
      List<String> cut = new ArrayList<>(row);
      cut.set(last, Terminal.truncate(row.get(last), room));
      out.println(line(cut, widths));
    }
  }

  static String line(List<String> cells, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int column = 0; column < cells.size(); column++) {
      String cell = cells.get(column);
      if (column == cells.size() - 1) {
        text.append(cell);
      } else {
        text.append(cell).append(" ".repeat(Math.max(0, widths[column] - cell.length()))).append("  ");
      }
    }
    return text.toString().stripTrailing();
  }
}
