package io.tasklane.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real distribution ({@code tasklane.jar}, built by {@code package}) as a separate
 * process, the way a user's shell would: black box, exit code and output.
 */
final class Tasklane {

  record Result(int exitCode, String stdout, String stderr) {
    List<String> lines() {
      return stdout.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  static Path jar() {
    String jar = System.getProperty("tasklane.jar");
    Path path = jar != null ? Path.of(jar) : Path.of("target", "tasklane.jar");
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("no distribution jar at " + path + "; run `./mvnw verify`");
    }
    return path.toAbsolutePath();
  }

  static Path repo() {
    String repo = System.getProperty("tasklane.repo");
    return repo != null ? Path.of(repo) : Path.of("..").toAbsolutePath().normalize();
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The command line that runs {@code tasklane args…}. */
  static List<String> command(String... args) {
    return command(List.of(), args);
  }

  /** As {@link #command(String...)} with JVM options for the client (an {@code -Xmx} there replaces the default). */
  static List<String> command(List<String> jvmOptions, String... args) {
    return TestJvms.command(jar(), jvmOptions, args);
  }

  /** Starts {@code tasklane args…} in the background, its output going to the given files. */
  static Process start(Path workDir, List<String> jvmOptions, Path stdout, Path stderr, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, args))
        .directory(workDir.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    // it, and the nodes a `local up` starts, end with this JVM
    builder.environment().putAll(Processes.withExitWithThisJvm(java.util.Map.of()));
    return builder.start();
  }

  static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("tasklane-out", ".txt");
    Path err = Files.createTempFile("tasklane-err", ".txt");
    try {
      Process process = start(workDir, List.of(), out, err, args);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("tasklane " + String.join(" ", args) + " did not end within "
            + timeoutSeconds + " s; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
