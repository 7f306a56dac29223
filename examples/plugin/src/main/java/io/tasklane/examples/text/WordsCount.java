package io.tasklane.examples.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.BlockingTaskHandler;
import io.tasklane.spi.InputSchema;
import io.tasklane.spi.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code words.count}: the lines, words and characters of a file on the worker or of a text, and
 * optionally its most frequent words. A blocking handler: it reads the file with plain blocking
 * I/O, so each attempt gets a virtual thread of its own in the I/O lane.
 *
 * <p>Input {@code {"path": "data/book.txt", "top": 5}} or {@code {"text": "..."}}; output
 * {@code {"source", "lines", "words", "chars", "top": [{"word", "count"}]}}. A word is a run of
 * letters, digits and apostrophes; {@code chars} leaves line breaks out; {@code top} words are
 * compared in lower case, the most frequent first (ties in alphabetical order).
 */
public final class WordsCount implements BlockingTaskHandler {

  /** A run of letters, digits and apostrophes. */
  static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
  /** Lines between two progress reports (and cancellation checks). */
  private static final int REPORT_EVERY = 1_000;
  private static final InputSchema INPUT = TextSource.schema()
      .optional("top", InputSchema.integer().minimum(0).maximum(100)
          .description("how many of the most frequent words to list (0, the default: none)"))
      .additionalProperties(false);

  @Override
  public String type() {
    return "words.count";
  }

  @Override
  public InputSchema input() {
    return INPUT;
  }

  @Override
  public String description() {
    return "lines, words and characters of a file on the worker (path) or of a text, and its top words";
  }

  @Override
  public JsonNode run(JsonNode input, TaskContext context) throws IOException {
    TextSource source = TextSource.of(input);
    int top = input.path("top").asInt(0);
    long lines = 0;
    long words = 0;
    long chars = 0;
    Map<String, Long> counts = new HashMap<>();
    try (BufferedReader reader = source.open()) {
      long size = Math.max(1, source.size());
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        chars += line.length();
        Matcher matcher = WORD.matcher(line);
        while (matcher.find()) {
          words++;
          if (top > 0) {
            counts.merge(matcher.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
          }
        }
        if (lines % REPORT_EVERY == 0) {
          context.checkCancelled(); // file reads are not interruptible: look at the flag now and then
          context.progress(Math.min(1.0, (double) chars / size), lines + " lines");
        }
      }
    }
    long wordCount = words;
    long lineCount = lines;
    context.log().log(System.Logger.Level.INFO, () -> source.name() + ": " + wordCount + " words in " + lineCount + " lines");
    ObjectNode output = JsonNodeFactory.instance.objectNode()
        .put("source", source.name()).put("lines", lines).put("words", words).put("chars", chars);
    ArrayNode topWords = output.putArray("top");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .forEach(entry -> topWords.addObject().put("word", entry.getKey()).put("count", entry.getValue()));
    return output;
  }
}
