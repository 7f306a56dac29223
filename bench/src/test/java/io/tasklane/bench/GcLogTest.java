package io.tasklane.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

  @TempDir
  Path dir;

  @Test
  void countsOnlyTheCollectionsInTheWindow() throws Exception {
    Path log = GcLog.file(dir, 42);
    Files.writeString(log, """
        [2026-11-24T20:26:57.985+0000] Using G1
        [2026-11-24T20:26:59.855+0000] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 15M->4M(64M) 47.692ms
        [2026-11-24T20:27:00.494+0000] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 617M->312M(1024M) 6.5ms
        [2026-11-24T20:27:00.531+0000] GC(2) Pause Remark 700M->650M(1024M) 3.5ms
        [2026-11-24T20:27:05.000+0000] GC(3) Pause Full (System.gc()) 900M->800M(1024M) 100.0ms
        """);
    long from = OffsetDateTime.parse("2026-11-24T20:27:00Z").toInstant().toEpochMilli();
    long to = OffsetDateTime.parse("2026-11-24T20:27:01Z").toInstant().toEpochMilli();

    GcLog.Window window = GcLog.window(log, from, to);

    assertThat(window.pauses()).isEqualTo(2);
    assertThat(window.pauseMillis()).isEqualTo(10.0);
    assertThat(window.peakAfterMib()).isEqualTo(650);
    assertThat(window.peakBeforeMib()).isEqualTo(700);
    assertThat(GcLog.window(dir.resolve("missing.log"), from, to)).isNull();
  }
}
