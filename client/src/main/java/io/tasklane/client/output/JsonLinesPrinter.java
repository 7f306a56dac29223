package io.tasklane.client.output;

import io.tasklane.client.api.Json;
import java.io.PrintWriter;

/** {@code -o json}: every result line passed through unchanged. */
final class JsonLinesPrinter implements ResultsPrinter {

  private final PrintWriter out;
  private final ResultCounts counts = new ResultCounts();

  JsonLinesPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(String line) {
    out.println(line);
    var result = Json.parseOrMissing(line);
    counts.add(result.path("lane").asText("?"), result.path("status").asText("?"));
  }

  @Override
  public long finish() {
    out.flush();
    return counts.total();
  }

  @Override
  public boolean allSucceeded() {
    return counts.allSucceeded();
  }
}
