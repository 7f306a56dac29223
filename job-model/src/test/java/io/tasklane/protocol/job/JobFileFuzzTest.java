package io.tasklane.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tasklane.protocol.job.JobSpecException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Parser fuzzing: generated job files ({@link JobFileFuzz}: valid jobs mutated) are each either
 * parsed or refused with {@link JobSpecException} whose problems name the file and a line or a
 * field, in words (no Java class names); never any other exception or error, never a hang.
 *
 * <p>Deterministic: the seeds are {@code fuzz.seed} (default fixed) to {@code fuzz.seed + fuzz.tries - 1};
 * a failure names its seed, and {@code JobFileFuzz.generate(seed)} gives the document back. Explore
 * further with e.g. {@code -Dfuzz.seed=$RANDOM -Dfuzz.tries=20000}.
 */
class JobFileFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20_261_207L);
  private static final int TRIES = Integer.getInteger("fuzz.tries", 500);
  /** One document's parse may take this long (the long-scalar case is 2 MB). */
  private static final Duration SLOW = Duration.ofSeconds(3);

  private static final Map<String, String> ATTACHED = Map.of("urls.txt", "http://a\nhttp://b\n");

  @Test
  void everyGeneratedJobFileIsParsedOrRefusedWithItsFileLineAndField() {
    AtomicReference<JobFileFuzz.Doc> current = new AtomicReference<>();
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int i = 0; i < TRIES; i++) {
        JobFileFuzz.Doc doc = JobFileFuzz.generate(SEED + i);
        current.set(doc);
        long started = System.nanoTime();
        String failure = check(doc);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (failure == null && took.compareTo(SLOW) > 0) {
          failure = "took " + took.toMillis() + " ms";
        }
        if (failure != null && failures.size() < 10) {
          failures.add(failure + "\n  " + doc);
        }
      }
    }, () -> "hung on " + current.get());
    assertThat(failures).as("documents the parser mishandled (of %d from seed %d)", TRIES, SEED).isEmpty();
  }

  /** Null when the document was handled as promised, else what went wrong. */
  static String check(JobFileFuzz.Doc doc) {
    JobFileParser.Limits limits = doc.seed() % 3 == 0 ? new JobFileParser.Limits(50, 200) : JobFileParser.Limits.DEFAULT;
    try {
      JobSpec spec = JobFileParser.parse(doc.fileName(), doc.text(), limits, ATTACHED::get);
      return spec == null ? "parsed to null" : null;
    } catch (JobSpecException refused) {
      return explained(doc.fileName(), refused);
    } catch (Throwable other) {
      StringBuilder trace = new StringBuilder("threw " + other);
      StackTraceElement[] frames = other.getStackTrace();
      for (int f = 0; f < Math.min(8, frames.length); f++) {
        trace.append("\n    at ").append(frames[f]);
      }
      return trace.toString();
    }
  }

  /** Null when every problem names the file and a line or a field in plain words. */
  static String explained(String fileName, JobSpecException refused) {
    if (refused.problems().isEmpty()) {
      return "refused without a problem";
    }
    for (Problem problem : refused.problems()) {
      if (!problem.file().equals(fileName)) {
        return "a problem names another file: " + problem;
      }
      if (problem.line() <= 0 && problem.field().isEmpty() && !WHOLE_FILE.contains(problem.message())) {
        return "a problem names neither a line nor a field: " + problem;
      }
      if (Leaks.of(problem.message()) != null) {
        return "a problem leaks " + Leaks.of(problem.message()) + ": " + problem;
      }
    }
    return null;
  }

  /** Problems about the file as a whole, which have no line or field to name. */
  private static final List<String> WHOLE_FILE = List.of("the file is empty");
}
