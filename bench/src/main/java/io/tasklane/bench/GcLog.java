package io.tasklane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nodes' GC logs ({@code -Xlog:gc:file=DIR/gc-PID.log:time}): the heap left after each
 * collection and the pauses, within a time window. Heap after GC is the honest figure for what
 * a node holds; used heap before a collection includes garbage.
 */
final class GcLog {

  private static final Pattern LINE = Pattern.compile(
      "^\\[([^\\]]+)\\] GC\\(\\d+\\) Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** What the log says about a window. */
  record Window(int pauses, double pauseMillis, long peakAfterMib, long peakBeforeMib) {}

  private GcLog() {
  }

  /** The JVM option that writes each node's log to {@code dir/gc-PID.log}. */
  static String option(Path dir) {
    return "-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":time";
  }

  static Path file(Path dir, long pid) {
    return dir.resolve("gc-" + pid + ".log");
  }

  /**
   * Forces a full collection in the JVM {@code pid} ({@code jcmd PID GC.run}, this JDK's jcmd)
   * and returns the heap it left in MiB, from the log; -1 when that cannot be done.
   */
  static long liveAfterFullGc(long pid, Path file) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    long from = System.currentTimeMillis() - 1;
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
    } catch (IOException failed) {
      return -1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return -1;
    }
    long after = -1;
    for (int attempt = 0; attempt < 20 && after < 0; attempt++) { // the log is written asynchronously
      after = lastFullAfter(file, from);
      if (after < 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
    }
    return after;
  }

  private static long lastFullAfter(Path file, long fromMillis) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException missing) {
      return -1;
    }
    long after = -1;
    for (String line : lines) {
      Matcher match = LINE.matcher(line);
      if (match.find() && line.contains("Pause Full") && time(match.group(1)) >= fromMillis) {
        after = Long.parseLong(match.group(3));
      }
    }
    return after;
  }

  private static long time(String stamp) {
    try {
      return OffsetDateTime.parse(stamp, TIME).toInstant().toEpochMilli();
    } catch (RuntimeException unparsable) {
      return -1;
    }
  }

  /** The collections between the two wall-clock instants (millis since the epoch); null when no log. */
  static Window window(Path file, long fromMillis, long toMillis) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException missing) {
      return null;
    }
    int pauses = 0;
    double pauseMillis = 0;
    long peakAfter = -1;
    long peakBefore = -1;
    for (String line : lines) {
      Matcher match = LINE.matcher(line);
      if (!match.find()) {
        continue;
      }
      long at = time(match.group(1));
      if (at < 0 || at < fromMillis || at > toMillis) {
        continue;
      }
      pauses++;
      pauseMillis += Double.parseDouble(match.group(5));
      peakBefore = Math.max(peakBefore, Long.parseLong(match.group(2)));
      peakAfter = Math.max(peakAfter, Long.parseLong(match.group(3)));
    }
    return new Window(pauses, pauseMillis, peakAfter, peakBefore);
  }
}
