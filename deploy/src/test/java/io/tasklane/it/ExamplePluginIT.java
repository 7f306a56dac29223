package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/plugins.md promises, end to end: the example plugin ({@code examples/plugin}, a Maven
 * project of its own) builds with Maven and its tests pass, {@code tasklane plugins add} delivers
 * its jar to both workers of a local cluster, {@code tasklane submit examples/plugin/job.yaml
 * --wait} runs both of its types with the right outputs, computed here from the data files, and
 * a bigger job of them runs on both workers. The example needs tasklane-spi in the Maven repository ({@code ./mvnw
 * install} puts it there); {@code -Dtasklane.example.repo=DIR} names another local repository.
 */
class ExamplePluginIT {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

  @TempDir Path work;

  @Test
  void theExamplePluginBuildsAndItsJobRunsOnALocalCluster() throws Exception {
    Path example = work.resolve("examples/plugin");
    copyExample(Tasklane.repo().resolve("examples/plugin"), example);
    Path jar = build(example);

    try (LocalCluster cluster = LocalCluster.up(work, 2, Map.of())) {
      Tasklane.Result added = cluster.tasklane(60, "plugins", "add", jar.toString());
      assertThat(added.exitCode()).as("plugins add: %s%s", added.stdout(), added.stderr()).isZero();
      assertThat(added.stdout()).contains("text-tools", "1.0.0", "words.count", "csv.sum");
      Set<String> workers = new HashSet<>();
      cluster.workers().forEach(worker -> workers.add(worker.address()));
      // delivered to both workers, as 'tasklane types' shows them
      await("both workers offer the plugin's types").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> offeredBy(cluster, "words.count").containsAll(workers)
              && offeredBy(cluster, "csv.sum").containsAll(workers));

      Tasklane.Result submit = cluster.tasklane(180, "submit", "examples/plugin/job.yaml", "--wait", "-o", "json");
      assertThat(submit.exitCode()).as("submit --wait: %s%s%s", submit.stdout(), submit.stderr(), cluster.logs()).isZero();
      Map<String, JsonNode> results = byId(submit.stdout());
      assertThat(results).as(submit.stdout()).containsOnlyKeys("harbour-words", "motto-words", "sales-amount", "sales-units");
      assertThat(results.values()).allSatisfy(result ->
          assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("succeeded"));

      Path harbour = example.resolve("data/harbour.txt");
      JsonNode words = results.get("harbour-words");
      assertThat(words.get("lane").asText()).isEqualTo("io");
      assertThat(words.get("thread").asText()).as("a blocking handler runs on a virtual thread").startsWith("tasklane-io-virtual-");
      assertWordCounts(words.get("output"), Files.readAllLines(harbour, StandardCharsets.UTF_8), 5);
      assertWordCounts(results.get("motto-words").get("output"),
          List.of("Threads for I/O, processes for CPU. It's that simple."), 0);

      List<List<String>> sales = csv(example.resolve("data/sales.csv"));
      for (String column : List.of("amount", "units")) {
        JsonNode sum = results.get("sales-" + column);
        assertThat(sum.get("lane").asText()).isEqualTo("cpu");
        assertColumnSum(sum.get("output"), sales, column);
      }

      // enough tasks that both workers take some: each ran the uploaded plugin's code
      Path many = work.resolve("many.yaml");
      Files.writeString(many, """
          name: many-words
          tasks:
            - {id: w, type: words.count, repeat: 60, input: {text: "copy ${i} of a few words"}}
            - {id: s, type: csv.sum, repeat: 20, input: {path: examples/plugin/data/sales.csv, column: units}}
          """);
      Tasklane.Result manyRun = cluster.tasklane(180, "submit", many.toString(), "--wait", "-o", "json");
      assertThat(manyRun.exitCode()).as("%s%s", manyRun.stdout(), manyRun.stderr()).isZero();
      Map<String, JsonNode> manyResults = byId(manyRun.stdout());
      assertThat(manyResults).hasSize(80);
      assertThat(manyResults.get("w-7").at("/output/words").asLong()).isEqualTo(6);
      Set<String> ran = new HashSet<>();
      manyResults.values().forEach(result -> ran.add(result.get("worker").asText()));
      assertThat(ran).as("the workers that ran the plugin's tasks").isEqualTo(workers);
    }
  }

  /** The workers that offer {@code type}, as {@code tasklane types -o json} lists them. */
  private static Set<String> offeredBy(LocalCluster cluster, String type) throws Exception {
    Tasklane.Result types = cluster.tasklane(30, "types", "-o", "json");
    Set<String> workers = new HashSet<>();
    if (types.exitCode() == 0) {
      for (JsonNode offer : Api.JSON.readTree(types.stdout()).path("types")) {
        if (offer.path("name").asText().equals(type)) {
          offer.path("workers").forEach(worker -> workers.add(worker.asText()));
        }
      }
    }
    return workers;
  }

  /** The example as a user copies it: sources, pom, data and job file; no build output. */
  private static void copyExample(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path relative = from.relativize(file);
        if (!relative.startsWith("target")) {
          Files.createDirectories(to.resolve(relative).getParent());
          Files.copy(file, to.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** {@code ./mvnw -o -f examples/plugin/pom.xml package}, tests included; returns the jar. */
  private static Path build(Path example) throws Exception {
    Path repo = Tasklane.repo();
    List<String> command = new ArrayList<>(List.of(repo.resolve("mvnw").toString(), "-B", "-o", "-q",
        "-f", example.resolve("pom.xml").toString(), "package"));
    String localRepo = System.getProperty("tasklane.example.repo");
    if (localRepo != null && !localRepo.isBlank()) {
      command.add("-Dmaven.repo.local=" + localRepo);
    }
    Path log = Files.createTempFile("example-build", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process maven = builder.start();
    boolean ended = maven.waitFor(600, TimeUnit.SECONDS);
    if (!ended) {
      maven.destroyForcibly().waitFor();
    }
    String output = Processes.tail(log, 6000);
    Files.deleteIfExists(log);
    assertThat(ended && maven.exitValue() == 0).as("the example's build failed (needs tasklane-spi installed: "
        + "./mvnw install, or -Dtasklane.example.repo):\n%s", output).isTrue();
    Path jar = example.resolve("target/text-tools-1.0.0.jar");
    assertThat(jar).isRegularFile();
    return jar;
  }

  private static Map<String, JsonNode> byId(String jsonLines) throws IOException {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (String line : jsonLines.split("\n")) {
      if (!line.isBlank()) {
        JsonNode result = Api.JSON.readTree(line);
        byId.put(result.get("id").asText(), result);
      }
    }
    return byId;
  }

  private static void assertWordCounts(JsonNode output, List<String> lines, int top) {
    Map<String, Long> counts = new HashMap<>();
    long words = 0;
    for (String line : lines) {
      Matcher matcher = WORD.matcher(line);
      while (matcher.find()) {
        words++;
        counts.merge(matcher.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
      }
    }
    assertThat(output.get("lines").asLong()).as(output.toString()).isEqualTo(lines.size());
    assertThat(output.get("words").asLong()).as(output.toString()).isEqualTo(words);
    assertThat(output.get("chars").asLong()).isEqualTo(lines.stream().mapToLong(String::length).sum());
    assertThat(output.get("top")).hasSize(top);
    long previous = Long.MAX_VALUE;
    for (JsonNode entry : output.get("top")) {
      long count = entry.get("count").asLong();
      assertThat(count).as(output.toString()).isEqualTo(counts.get(entry.get("word").asText())).isLessThanOrEqualTo(previous);
      previous = count;
    }
    if (top > 0) {
      assertThat(output.get("top").get(0).get("count").asLong()).isEqualTo(counts.values().stream().max(Long::compare).orElseThrow());
    }
  }

  private static void assertColumnSum(JsonNode output, List<List<String>> table, String column) {
    int index = table.get(0).indexOf(column);
    BigDecimal sum = BigDecimal.ZERO;
    long rows = 0;
    long blank = 0;
    for (List<String> row : table.subList(1, table.size())) {
      String cell = row.get(index).strip();
      if (cell.isEmpty()) {
        blank++;
      } else {
        rows++;
        sum = sum.add(new BigDecimal(cell));
      }
    }
    assertThat(output.get("rows").asLong()).as(output.toString()).isEqualTo(rows);
    assertThat(output.get("blank").asLong()).as(output.toString()).isEqualTo(blank);
    assertThat(output.get("sum").decimalValue()).as(output.toString()).isEqualByComparingTo(sum);
  }

  /** The sample CSV's cells: quoted fields hold commas, none holds a quote. */
  private static List<List<String>> csv(Path file) throws IOException {
    List<List<String>> table = new ArrayList<>();
    Pattern cell = Pattern.compile("\"([^\"]*)\"|([^,]*)");
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      Matcher matcher = cell.matcher(line);
      int at = 0;
      while (at <= line.length() && matcher.find(at)) {
        cells.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        at = matcher.end() + 1; // past the comma
      }
      table.add(cells);
    }
    return table;
  }
}
