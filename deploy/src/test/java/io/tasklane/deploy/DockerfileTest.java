package io.tasklane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile read as text (no container engine here to build it): what it copies exists
 * and passes .dockerignore, the launcher finds the jar where it is copied, it runs as the
 * unprivileged uid the other deploy files assume, and its health check and ports are the nodes'.
 */
class DockerfileTest {

  private static final String JAR = "deploy/target/tasklane.jar";
  private static final Pattern ARG = Pattern.compile("\\$\\{(\\w+)}");

  private static List<String[]> instructions;
  private static Map<String, String> args;

  @BeforeAll
  static void read() throws IOException {
    String text = Files.readString(DeployFiles.module().resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
    instructions = new ArrayList<>();
    args = new HashMap<>();
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        String[] parts = trimmed.split("\\s+", 2);
        instructions.add(parts);
        if (parts[0].equals("ARG") && parts[1].contains("=")) {
          args.put(parts[1].substring(0, parts[1].indexOf('=')), parts[1].substring(parts[1].indexOf('=') + 1));
        }
      }
    }
  }

  private static List<String> all(String instruction) {
    return instructions.stream().filter(parts -> parts[0].equals(instruction)).map(parts -> expand(parts[1])).toList();
  }

  private static String only(String instruction) {
    List<String> found = all(instruction);
    assertThat(found).as(instruction).hasSize(1);
    return found.get(0);
  }

  private static String expand(String text) {
    Matcher variable = ARG.matcher(text);
    return variable.replaceAll(match -> Matcher.quoteReplacement(args.getOrDefault(match.group(1), match.group())));
  }

  @Test
  void buildsOnAJava21RuntimeAndRunsAsTheUnprivilegedUserTheOtherFilesAssume() throws Exception {
    assertThat(only("FROM")).matches("eclipse-temurin:(2[1-9]|[3-9]\\d)-jre.*");
    assertThat(only("USER")).isEqualTo("10001:10001");
    String k8s = Files.readString(DeployFiles.module().resolve("k8s/coordinator.yaml"))
        + Files.readString(DeployFiles.module().resolve("k8s/worker.yaml"));
    assertThat(k8s).contains("runAsUser: 10001").contains("fsGroup: 10001");
    assertThat(Files.readString(DeployFiles.module().resolve("compose.yaml"))).contains("chown -R 10001:10001");
  }

  @Test
  void copiesWhatExistsAndWhatDockerignoreLetsThrough() throws Exception {
    Path root = DeployFiles.repository();
    List<String> ignore = Files.readAllLines(root.resolve(".dockerignore"));
    List<String> sources = new ArrayList<>();
    for (String copy : all("COPY")) {
      String[] parts = copy.split("\\s+");
      assertThat(parts).as("COPY %s: one source, one destination", copy).hasSize(2);
      sources.add(parts[0]);
      assertThat(ignore).as(".dockerignore lets %s through", parts[0]).contains("!" + parts[0]);
      if (!parts[0].equals(JAR)) { // the jar is built after the unit tests run
        assertThat(root.resolve(parts[0])).isRegularFile().isExecutable();
      }
    }
    assertThat(sources).containsExactlyInAnyOrder("tasklane", "deploy/docker/entrypoint.sh", JAR);
  }

  @Test
  void theLauncherFindsTheJarWhereItIsCopied() throws Exception {
    String launcher = Files.readString(DeployFiles.repository().resolve("tasklane"));
    assertThat(launcher).contains("JAR=\"$TASKLANE_HOME/" + JAR + "\"");
    assertThat(all("COPY")).contains("tasklane /opt/tasklane/tasklane", JAR + " /opt/tasklane/" + JAR);
    assertThat(Files.readString(DeployFiles.module().resolve("pom.xml")))
        .contains("<outputFile>${project.build.directory}/tasklane.jar</outputFile>");
  }

  @Test
  void theEntrypointRunsTheNodeAndTheHealthCheckProbesItsLiveEndpoint() {
    assertThat(only("ENTRYPOINT")).isEqualTo("[\"/opt/tasklane/entrypoint.sh\"]");
    assertThat(only("HEALTHCHECK")).endsWith("CMD [\"/opt/tasklane/entrypoint.sh\", \"healthcheck\", \"live\"]");
  }

  @Test
  void exposesTheNodesPortsAndKeepsTheDataDirInAVolume() {
    String env = String.join(" ", all("ENV"));
    Matcher health = Pattern.compile("TASKLANE_HEALTH_PORT=(\\d+)").matcher(env);
    assertThat(health.find()).as(env).isTrue();
    assertThat(only("EXPOSE").split("\\s+")).containsExactlyInAnyOrder("17355", "8080", health.group(1));
    Matcher data = Pattern.compile("TASKLANE_DATA_DIR=(\\S+)").matcher(env);
    assertThat(data.find()).as(env).isTrue();
    assertThat(only("VOLUME")).isEqualTo("[\"" + data.group(1) + "\"]");
    assertThat(env).as("the entrypoint works TASKLANE_HOST out").doesNotContain("TASKLANE_HOST");
  }
}
