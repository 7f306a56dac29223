package io.tasklane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.client.lib.Appended;
import io.tasklane.client.lib.Job;
import io.tasklane.client.lib.JobHandle;
import io.tasklane.client.lib.JobState;
import io.tasklane.client.lib.JobStatus;
import io.tasklane.client.lib.Lane;
import io.tasklane.client.lib.Task;
import io.tasklane.client.lib.TaskResult;
import io.tasklane.client.lib.TaskStatus;
import io.tasklane.client.lib.TasklaneClient;
import java.io.File;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client library against a real local cluster (one for all the tests here): a job
 * built in Java submitted and collected, outputs mapped to records, cancel, an open job fed
 * from a loop and re-attached to from another client, a submit whose answer a proxy dropped
 * (one job, not two), and a million results streamed by a client JVM with a 64 MiB heap.
 */
class JavaClientIT {

  /** The output of {@code sha256}. */
  record Digest(String hex) {}

  @TempDir static Path work;
  private static final Steps steps = new Steps("JavaClientIT");
  private static LocalCluster cluster;
  private static TasklaneClient client;

  @BeforeAll
  static void up() throws Exception {
    cluster = LocalCluster.up(work, 2, Map.of());
    client = TasklaneClient.fromLocalCluster(work);
    steps.log("cluster up at %s", client.server());
  }

  @AfterAll
  static void down() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJobBuiltInJavaIsSubmittedAndItsResultsCollectedAsTheyEnd() throws Exception {
    JobHandle job = client.submit(Job.builder().name("mixed").defaults(Duration.ofSeconds(30), 1)
        .task(Task.of("sleep", Map.of("ms", 300)).id("nap").repeat(20))
        .task(Task.of("sha256", Map.of("iterations", 1000)).id("hash").repeat(4))
        .task(Task.of("factorial", Map.of("n", 20)).id("fact").lane(Lane.IO))
        .build());
    assertThat(job.created()).isTrue();
    assertThat(job.submittedTasks()).isEqualTo(25);

    List<TaskResult<JsonNode>> results;
    try (Stream<TaskResult<JsonNode>> stream = job.results()) {
      results = stream.collect(Collectors.toList());
    }
    JobStatus end = job.whenEnded().get(60, TimeUnit.SECONDS);

    assertThat(results).extracting(TaskResult::id).containsExactlyInAnyOrderElementsOf(Stream.concat(
        IntStream.range(0, 20).mapToObj(i -> "nap-" + i),
        Stream.concat(IntStream.range(0, 4).mapToObj(i -> "hash-" + i), Stream.of("fact"))).toList());
    assertThat(results).allSatisfy(result -> assertThat(result.status()).as(result.toString()).isEqualTo(TaskStatus.SUCCEEDED));
    assertThat(results).filteredOn(r -> r.id().startsWith("nap")).allSatisfy(r -> {
      assertThat(r.lane()).isEqualTo(Lane.IO);
      assertThat(r.output().get("sleptMs").asInt()).isEqualTo(300);
    });
    assertThat(results).filteredOn(r -> r.id().startsWith("hash")).extracting(TaskResult::lane).containsOnly(Lane.CPU);
    assertThat(results).filteredOn(r -> r.id().equals("fact")).singleElement()
        .satisfies(r -> assertThat(r.output().get("value").asText()).isEqualTo("2432902008176640000"));
    assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(end.succeeded()).isEqualTo(25);
    assertThat(end.lanes().get(Lane.CPU).succeeded()).isEqualTo(4);
  }

  @Test
  void outputsMapToTheCallersRecords() throws Exception {
    JobHandle job = client.submit(Job.builder().task(Task.of("sha256", Map.of("iterations", 1000)).repeat(3)).build());

    List<Digest> digests;
    try (Stream<TaskResult<Digest>> results = job.results(Digest.class)) {
      digests = results.map(TaskResult::output).toList();
    }

    byte[] expected = new byte[32];
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 1000; i++) {
      expected = sha256.digest(expected);
    }
    assertThat(digests).hasSize(3).containsOnly(new Digest(HexFormat.of().formatHex(expected)));
  }

  @Test
  void aCancelledJobEndsAndItsFollowersGetEveryTaskAsCancelled() throws Exception {
    JobHandle job = client.submit(Job.builder().name("long-naps")
        .task(Task.of("sleep", Map.of("ms", 60_000)).id("nap").repeat(200)).build());
    var ended = job.whenEnded();
    await("naps running").atMost(Duration.ofSeconds(30))
        .until(() -> job.status().lanes().get(Lane.IO).running() > 0);

    JobStatus after = job.cancel();

    assertThat(after.state()).isEqualTo(JobState.CANCELLED);
    assertThat(ended.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
    try (Stream<TaskResult<JsonNode>> results = job.results()) {
      assertThat(results.map(TaskResult::status).toList()).hasSize(200).containsOnly(TaskStatus.CANCELLED);
    }
  }

  @Test
  void anOpenJobFedFromALoopIsFollowedByAnotherClientUntilItIsClosed() throws Exception {
    JobHandle open = client.submit(Job.builder().name("fed").open().build());
    List<Appended> appends = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      appends.add(open.append("item-" + k, List.of(Task.of("noop", Map.of("k", k)))));
    }
    Appended again = open.append("item-3", List.of(Task.of("noop", Map.of("k", 3))));

    // another process, say after a restart: only the id
    TasklaneClient other = TasklaneClient.fromLocalCluster(work);
    JobHandle attached = other.job(open.id());
    assertThat(attached.status().open()).isTrue();
    open.closeJob();
    List<TaskResult<JsonNode>> results;
    try (Stream<TaskResult<JsonNode>> stream = attached.results()) {
      results = stream.toList();
    }

    assertThat(appends).extracting(Appended::first).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(again.repeated()).isTrue();
    assertThat(again.first()).isEqualTo(3);
    assertThat(results).extracting(r -> r.output().get("k").asInt()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(attached.whenEnded().get(30, TimeUnit.SECONDS).total()).isEqualTo(5);
  }

  @Test
  void aSubmitWhoseAnswerWasDroppedIsRetriedAndMakesOneJob() throws Exception {
    String name = "dropped-" + System.nanoTime();
    try (DroppingProxy proxy = new DroppingProxy(client.server().toString())) {
      TasklaneClient throughProxy = TasklaneClient.builder().localCluster(work.resolve(".tasklane"))
          .server(proxy.url()).build();

      JobHandle job = throughProxy.submit(Job.builder().name(name).task(Task.of("noop").repeat(10)).build());

      assertThat(proxy.dropped()).as("the first answer was dropped").isEqualTo(1);
      assertThat(proxy.submits()).as("so the client sent the submit again").isEqualTo(2);
      assertThat(job.created()).as("the second submit found the job the first made").isFalse();
      JsonNode jobs = Api.JSON.readTree(cluster.api().get("/api/jobs?limit=1000").body());
      List<String> named = new ArrayList<>();
      jobs.path("jobs").forEach(listed -> {
        if (name.equals(listed.path("name").asText())) {
          named.add(listed.path("id").asText());
        }
      });
      assertThat(named).as("one job under that name").containsExactly(job.id());
      try (Stream<TaskResult<JsonNode>> results = client.job(job.id()).results()) {
        assertThat(results.count()).isEqualTo(10);
      }
    }
  }

  @Test
  void aMillionResultsStreamThroughAClientWithA64MiBHeap() throws Exception {
    int tasks = 1_000_000;
    // the library and this program wherever they were loaded from (the reactor's target/ or ~/.m2)
    java.util.Set<Path> ours =
        java.util.Set.of(codeSource(TasklaneClient.class), codeSource(StreamMillionResults.class));
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> ours.contains(Path.of(entry).toAbsolutePath().normalize())
            || Path.of(entry).getFileName().toString().matches(
                "(jackson-(core|databind|annotations|dataformat-yaml)|snakeyaml)-[0-9].*\\.jar"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classpath).doesNotContain("pekko").doesNotContain("scala");
    Path out = work.resolve("million.out");
    Process child = new ProcessBuilder(Tasklane.java(), "-Xmx64m", "-cp", classpath, StreamMillionResults.class.getName(),
        client.server().toString(), java.nio.file.Files.readString(work.resolve(".tasklane/token")).trim(),
        Integer.toString(tasks))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    steps.log("client JVM %s streams %s results", child.pid(), tasks);
    boolean exited = child.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      child.destroyForcibly();
    }
    String printed = java.nio.file.Files.readString(out);
    steps.log("client JVM: %s", printed.strip());

    assertThat(exited).as("the client ended: %s", printed).isTrue();
    assertThat(child.exitValue()).as(printed).isZero();
    assertThat(printed).contains("results=1000000 distinct=1000000 succeeded=1000000 ");
    java.util.regex.Matcher heap = java.util.regex.Pattern.compile("maxHeapMiB=(\\d+)").matcher(printed);
    assertThat(heap.find()).isTrue();
    assertThat(Integer.parseInt(heap.group(1))).as("the client's heap").isLessThanOrEqualTo(64);
  }

  /** The class path entry (a jar, or a classes directory) a class was loaded from. */
  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
