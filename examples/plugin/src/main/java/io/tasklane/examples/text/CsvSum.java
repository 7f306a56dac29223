package io.tasklane.examples.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskFailedPermanently;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * {@code csv.sum}: the sum, count, minimum, maximum and mean of one column of a CSV file on the
 * worker (or of CSV text), exact in decimal. A computing handler: it runs on the CPU lane.
 *
 * <p>Input {@code {"path": "data/sales.csv", "column": "amount", "delimiter": ","}}; the first
 * line names the columns. Output {@code {"source", "column", "rows", "blank", "sum", "min",
 * "max", "mean"}}: {@code rows} counts the numbers summed, {@code blank} the empty cells skipped.
 * A cell that is not a number, or a column the header does not name, fails the task for good:
 * another attempt would read the same file.
 */
public final class CsvSum implements CpuTaskHandler {

  /** Rows between two progress reports (and cancellation checks). */
  private static final int REPORT_EVERY = 10_000;
  private static final InputSchema INPUT = TextSource.schema()
      .required("column", InputSchema.string().minLength(1).description("the header of the column to sum"))
      .optional("delimiter", InputSchema.string().minLength(1).maxLength(1).description("the separator (default ',')"))
      .additionalProperties(false);

  @Override
  public String type() {
    return "csv.sum";
  }

  @Override
  public InputSchema input() {
    return INPUT;
  }

  @Override
  public String description() {
    return "sum, count, min, max and mean of a CSV column, in exact decimal";
  }

  @Override
  public JsonNode compute(JsonNode input, TaskContext context) throws IOException {
    TextSource source = TextSource.of(input);
    String column = input.get("column").asText();
    char delimiter = input.path("delimiter").asText(",").charAt(0);
    Sums sums = new Sums();
    try (BufferedReader reader = source.open()) {
      long size = Math.max(1, source.size());
      String header = reader.readLine();
      if (header == null) {
        throw new TaskFailedPermanently(source.name() + " is empty: the first line must name the columns");
      }
      List<String> names = CsvLine.split(header, delimiter).stream().map(String::strip).toList();
      int index = names.indexOf(column);
      if (index < 0) {
        throw new TaskFailedPermanently("no column '" + column + "' in " + source.name() + "; its columns: " + names);
      }
      long read = header.length();
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        read += line.length() + 1;
        if (!line.isBlank()) {
          sums.add(cell(CsvLine.split(line, delimiter), index, column, lineNumber));
        }
        if (lineNumber % REPORT_EVERY == 0) {
          context.checkCancelled();
          context.progress(Math.min(1.0, (double) read / size), lineNumber + " lines");
        }
      }
    }
    return sums.toJson(source.name(), column);
  }

  /** The cell's value, null when it is blank. */
  private static BigDecimal cell(List<String> cells, int index, String column, int lineNumber) {
    if (index >= cells.size()) {
      throw new TaskFailedPermanently("line " + lineNumber + " has " + cells.size() + " cells, no '" + column + "'");
    }
    String text = cells.get(index).strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new TaskFailedPermanently("line " + lineNumber + ": '" + text + "' in column '" + column + "' is not a number");
    }
  }

  /** What is summed so far. */
  private static final class Sums {
    long rows;
    long blank;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal min;
    BigDecimal max;

    void add(BigDecimal value) {
      if (value == null) {
        blank++;
        return;
      }
      rows++;
      sum = sum.add(value);
      min = min == null || value.compareTo(min) < 0 ? value : min;
      max = max == null || value.compareTo(max) > 0 ? value : max;
    }

    ObjectNode toJson(String source, String column) {
      ObjectNode output = JsonNodeFactory.instance.objectNode()
          .put("source", source).put("column", column).put("rows", rows).put("blank", blank).put("sum", sum);
      output.put("min", min).put("max", max);
      output.put("mean", rows == 0 ? null : sum.divide(BigDecimal.valueOf(rows), MathContext.DECIMAL64));
      return output;
    }
  }
}
