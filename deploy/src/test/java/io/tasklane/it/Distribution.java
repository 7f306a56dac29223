package io.tasklane.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * A private copy of the distribution jar for node JVMs that run for minutes: a rebuild of
 * {@code target/tasklane.jar} meanwhile (another build in the same tree) would otherwise pull
 * classes out from under them. One copy per test JVM, deleted when it exits.
 */
final class Distribution {

  private static Path copy;

  private Distribution() {}

  static synchronized Path jar() {
    if (copy == null) {
      copy = stableCopy(Tasklane.jar());
    }
    return copy;
  }

  /** As {@link Tasklane#command(List, String...)}, running the private copy. */
  static List<String> command(List<String> jvmOptions, String... args) {
    return TestJvms.command(jar(), jvmOptions, args);
  }

  private static Path stableCopy(Path jar) {
    try {
      Path dir = Files.createTempDirectory("tasklane-it-jar");
      Path target = dir.resolve("tasklane.jar");
      // a copy taken while no build wrote the jar: unchanged across the copy, and a whole jar
      org.awaitility.Awaitility.await(jar + " stops changing, for a stable copy").atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(() -> {
            FileTime before = Files.getLastModifiedTime(jar);
            long size = Files.size(jar);
            Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            return before.equals(Files.getLastModifiedTime(jar)) && size == Files.size(jar) && readable(target);
          });
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean readable(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry("io/tasklane/TasklaneMain.class") != null;
    } catch (IOException partial) {
      return false;
    }
  }

  /** {@code tasklane args…} as a client process in {@code work} with extra environment. */
  static Tasklane.Result run(Path work, Map<String, String> env, long timeoutSeconds, String... args)
      throws Exception {
    Path out = Files.createTempFile("tasklane-out", ".txt");
    Path err = Files.createTempFile("tasklane-err", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(Distribution.command(List.of(), args))
          .directory(work.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(Processes.withExitWithThisJvm(env));
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("tasklane " + String.join(" ", args) + " did not end within "
            + timeoutSeconds + " s; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Tasklane.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
