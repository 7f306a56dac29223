package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the deploy files' tests share: where the files are, the offline tools that check them
 * (kubectl's kustomize, docker-compose), and YAML reading.
 *
 * <p>A missing tool fails the test, saying how to install it: CI installs both (.ci/run), and a
 * check that quietly skips proves nothing. Where a tool cannot be had, pass
 * {@code -D}{@value #SKIP_PROPERTY}{@code =true} to skip those checks deliberately.
 */
final class DeployFiles {

  static final String SKIP_PROPERTY = "tasklane.deploy.skip-missing-tools";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private DeployFiles() {}

  /** The deploy module's directory (surefire's basedir; the working directory otherwise). */
  static Path module() {
    Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    assertThat(dir.resolve("compose.yaml")).as("the deploy module's directory").exists();
    return dir;
  }

  /** The repository's root, the image's build context. */
  static Path repository() {
    return module().getParent();
  }

  /** The tool's path, or a failure (an abort with the skip property) saying how to get it. */
  static Path tool(String name, String howToInstall) {
    Optional<Path> found = onPath(name);
    if (found.isEmpty()) {
      String why = name + " is not on the PATH: the deploy files cannot be checked without it (" + howToInstall
          + "; .ci/run installs it). To skip these checks deliberately: -D" + SKIP_PROPERTY + "=true";
      if (Boolean.getBoolean(SKIP_PROPERTY)) {
        Assumptions.abort(why);
      }
      fail(why);
    }
    return found.get();
  }

  static Optional<Path> onPath(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** What a finished command printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  /**
   * Runs a command to its end (or fails after a minute) and returns what it printed. With an
   * environment given, the command gets that one alone; with none, this JVM's.
   */
  static Output run(List<String> command, Path dir, Map<String, String> environment) throws IOException,
      InterruptedException {
    Path out = Files.createTempFile("tasklane-deploy-", ".out");
    Path err = Files.createTempFile("tasklane-deploy-", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
              new File("/dev/null")));
      if (!environment.isEmpty()) {
        builder.environment().clear();
        builder.environment().putAll(environment);
      }
      Process process = builder.start();
      if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not end within " + TOOL_TIMEOUT);
      }
      return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs a command that must succeed; returns its standard output. */
  static String succeed(List<String> command, Path dir) throws IOException, InterruptedException {
    Output output = run(command, dir, Map.of());
    assertThat(output.exitCode()).as("%s failed:%n%s%s", command, output.stderr(), output.stdout()).isZero();
    return output.stdout();
  }

  /** Every document of a multi-document YAML text, empty ones left out. */
  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> each = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (each.hasNext()) {
        JsonNode document = each.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  /**
   * How long a worker may take to stop after SIGTERM: the coordinated-shutdown phase its drain
   * runs in (worker-node's tasklane-worker.conf). A container's grace period must be longer, or
   * the drain is cut short by SIGKILL.
   */
  static Duration workerShutdownPhase() {
    return ConfigFactory.parseResources("tasklane-worker.conf")
        .getDuration("pekko.coordinated-shutdown.phases.before-service-unbind.timeout");
  }
}
