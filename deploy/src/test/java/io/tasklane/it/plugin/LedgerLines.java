package io.tasklane.it.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The execution ledger's lines: one {@code start} and one {@code end} per execution of a task,
 * appended to a file outside the cluster (the task's {@code ledger} input, else the worker's
 * {@code TASKLANE_TEST_LEDGER}) with one {@code write} on a file opened for appending, so lines
 * of several worker JVMs never mix. What a test counts executions from, independently of what
 * the coordinator reports.
 *
 * <p>An execution works {@code ms}, or, given {@code until} (a path), until that file exists:
 * a test that must catch a task in flight however slow the machine releases its tasks by
 * creating the file. An execution stopped by its worker (cancelled, interrupted) appends a
 * {@code stopped} line instead of its {@code end}.
 */
final class LedgerLines {

  static final long PID = ProcessHandle.current().pid();

  private LedgerLines() {}

  /** Between two looks for an {@code until} file, of work. */
  static final long RELEASE_POLL_MS = 50;

  /**
   * Appends the {@code start} line, runs {@code ms} of work via {@code work} (or slices of it until
   * the {@code until} file exists), appends the {@code end} line, or the {@code stopped} line
   * when the work throws.
   */
  static JsonNode execute(JsonNode input, TaskContext context, String lane, Work work) throws Exception {
    Path ledger = ledger(input);
    long start = System.currentTimeMillis();
    append(ledger, line("start", context, lane, start, 0));
    try {
      if (input.hasNonNull("until")) {
        Path release = Path.of(input.get("until").asText());
        while (!Files.exists(release)) {
          work.run(RELEASE_POLL_MS);
        }
      } else {
        work.run(input.path("ms").asLong(0));
      }
    } catch (Exception | Error stopped) {
      ObjectNode line = line("stopped", context, lane, start, 0);
      line.put("stopped", System.currentTimeMillis());
      // a stopped CPU attempt's thread is interrupted too, and a file channel refuses an
      // interrupted thread (ClosedByInterruptException): the line is written with the flag cleared
      boolean interrupted = Thread.interrupted();
      try {
        append(ledger, line);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      throw stopped;
    }
    long end = System.currentTimeMillis();
    append(ledger, line("end", context, lane, start, end));
    ObjectNode output = JsonNodeFactory.instance.objectNode();
    output.put("pid", PID);
    output.put("attempt", context.attempt());
    output.put("start", start);
    output.put("lane", lane);
    return output;
  }

  /** What the task does for {@code ms} milliseconds (sleeps, or computes). */
  interface Work {
    void run(long ms) throws Exception;
  }

  private static Path ledger(JsonNode input) {
    String path = input.path("ledger").asText(System.getenv().getOrDefault("TASKLANE_TEST_LEDGER", ""));
    if (path.isEmpty()) {
      throw new IllegalArgumentException("test.ledger: no 'ledger' input and no TASKLANE_TEST_LEDGER");
    }
    return Path.of(path);
  }

  private static ObjectNode line(String phase, TaskContext context, String lane, long start, long end) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("phase", phase);
    line.put("job", context.jobId());
    line.put("task", context.taskId());
    line.put("attempt", context.attempt());
    line.put("lane", lane);
    line.put("pid", PID);
    line.put("start", start);
    if (end > 0) {
      line.put("end", end);
    }
    return line;
  }

  private static void append(Path ledger, ObjectNode line) {
    try (FileChannel file = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the ledger " + ledger, e);
    }
  }
}
