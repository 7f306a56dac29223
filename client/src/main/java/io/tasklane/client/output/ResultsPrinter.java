package io.tasklane.client.output;

import java.io.PrintWriter;

/**
 * Prints task results one ndjson line at a time, as they stream in, and says at the end
 * whether every task succeeded. Holds no result after printing it.
 */
public interface ResultsPrinter {

  /** One result line exactly as the server sent it. */
  void accept(String line);

  /** Prints what comes after the last result (a summary); returns the results seen. */
  long finish();

  /** True when every result seen had status {@code succeeded}. */
  boolean allSucceeded();

  static ResultsPrinter create(OutputFormat format, PrintWriter out) {
    return format == OutputFormat.JSON ? new JsonLinesPrinter(out) : new ResultsTable(out, Terminal.width());
  }
}
