package io.tasklane.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a JVM's heap with {@code jstat -gc PID 200} (the running JDK's jstat) while a run
 * lasts: the peak of used heap (survivors + eden + old) and the peak of the old generation
 * after collections.
 */
final class HeapSampler implements AutoCloseable {

  private static final List<String> USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");

  private final Process process;
  private final Thread reader;
  private final AtomicLong peakUsedKb = new AtomicLong(-1);
  private final AtomicLong peakOldKb = new AtomicLong(-1);

  private HeapSampler(Process process) {
    this.process = process;
    this.reader = Thread.ofPlatform().daemon().name("jstat").start(this::read);
  }

  /** Null when this JDK has no jstat (a JRE) or it cannot start. */
  static HeapSampler start(long pid) {
    Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
    if (pid <= 0 || !Files.isExecutable(jstat)) {
      return null;
    }
    try {
      Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "200")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return new HeapSampler(process);
    } catch (IOException failed) {
      return null;
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String[] header = null;
      String line;
      while ((line = lines.readLine()) != null) {
        String[] cells = line.trim().split("\\s+");
        if (cells.length > 0 && cells[0].equals("S0C")) {
          header = cells;
          continue;
        }
        if (header == null || cells.length != header.length) {
          continue;
        }
        double used = 0;
        double old = 0;
        for (int i = 0; i < header.length; i++) {
          if (USED_COLUMNS.contains(header[i])) {
            double kb = number(cells[i]);
            used += kb;
            if (header[i].equals("OU")) {
              old = kb;
            }
          }
        }
        long usedKb = (long) used;
        long oldKb = (long) old;
        peakUsedKb.accumulateAndGet(usedKb, Math::max);
        peakOldKb.accumulateAndGet(oldKb, Math::max);
      }
    } catch (IOException closed) {
      // jstat stopped
    }
  }

  private static double number(String cell) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException dash) {
      return 0;
    }
  }

  /** Peak used heap so far in MiB, -1 when no sample arrived. */
  double peakUsedMib() {
    long kb = peakUsedKb.get();
    return kb < 0 ? -1 : kb / 1024.0;
  }

  /** Peak old-generation occupancy so far in MiB, -1 when no sample arrived. */
  double peakOldMib() {
    long kb = peakOldKb.get();
    return kb < 0 ? -1 : kb / 1024.0;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      reader.join(2000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
