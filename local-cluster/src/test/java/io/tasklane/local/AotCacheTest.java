package io.tasklane.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

  @TempDir Path dir;
  /** The recordings the fake JVM check accepts (by file name); it records what it was asked. */
  final Set<String> valid = ConcurrentHashMap.newKeySet();
  final Set<String> checked = ConcurrentHashMap.newKeySet();
  AotCache cache;
  static final List<String> NODE_OPTIONS = List.of("-Xmx512m", "-XX:+UseG1GC");

  @BeforeEach
  void cacheWithAFakeJvmCheck() {
    cache = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> {
      assertThat(options).as("checked with the node's options").containsExactly(NODE_OPTIONS.toArray(String[]::new));
      checked.add(file.getFileName().toString());
      return valid.contains(file.getFileName().toString());
    }, null);
  }

  @Test
  void theFirstNodeOfARoleWithoutACacheRecordsOneNamedByItsPidTheOthersStartWithout() {
    assertThat(cache.options("worker", NODE_OPTIONS))
        .containsExactly("-XX:AOTCacheOutput=" + dir.resolve("worker-%p.aot"), "-Xlog:aot=error");
    assertThat(cache.options("worker", NODE_OPTIONS)).as("a second worker: every recording node builds a cache as it stops")
        .isEmpty();
    assertThat(cache.options("coordinator", NODE_OPTIONS)).first().asString().startsWith("-XX:AOTCacheOutput=");
  }

  @Test
  void theIntermediateFileOfANodeKilledWhileItWroteIsDeleted() throws Exception {
    Path config = Files.writeString(dir.resolve("worker-pid" + exitedPid() + ".aot.config"), "half");

    assertThat(cache.options("worker", NODE_OPTIONS)).first().asString().startsWith("-XX:AOTCacheOutput=");
    assertThat(config).doesNotExist();
    assertThat(checked).isEmpty();
  }

  @Test
  void theRecordingOfANodeThatHasExitedIsAdoptedWhenTheJvmAcceptsIt() throws Exception {
    long dead = exitedPid();
    Files.writeString(dir.resolve("worker-pid" + dead + ".aot"), "cache");
    valid.add("worker-pid" + dead + ".aot");

    assertThat(cache.options("worker", NODE_OPTIONS)).containsExactly("-XX:AOTCache=" + dir.resolve("worker.aot"));
    assertThat(dir.resolve("worker.aot")).hasContent("cache");
    assertThat(dir.resolve("worker-pid" + dead + ".aot")).doesNotExist();
    assertThat(cache.options("coordinator", NODE_OPTIONS)).as("per role").first().asString()
        .startsWith("-XX:AOTCacheOutput=");
  }

  @Test
  void aNodeStartedFromACacheCompilesEagerlyWhereTheJvmKnowsHowAskingTheJvmOncePerDirectory() throws Exception {
    Files.writeString(dir.resolve("worker.aot"), "cache");
    AtomicInteger asked = new AtomicInteger();
    AotCache eager = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> true,
        () -> Optional.of(asked.incrementAndGet() > 0));

    List<String> expected = new ArrayList<>(List.of("-XX:AOTCache=" + dir.resolve("worker.aot")));
    expected.addAll(AotCache.EAGER);
    assertThat(eager.options("worker", NODE_OPTIONS)).containsExactlyElementsOf(expected);
    AotCache again = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> true,
        () -> Optional.of(asked.incrementAndGet() < 0));
    assertThat(again.options("worker", NODE_OPTIONS)).as("the first answer, remembered").containsExactlyElementsOf(expected);
    assertThat(asked).hasValue(1);
    assertThat(eager.options("coordinator", NODE_OPTIONS)).as("a recording node: no cache to compile from")
        .doesNotContainAnyElementsOf(AotCache.EAGER);
  }

  @Test
  void aJvmWithoutEagerCompilationGetsTheCacheAlone() throws Exception {
    Files.writeString(dir.resolve("worker.aot"), "cache");
    AotCache plain = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> true, () -> Optional.of(false));

    assertThat(plain.options("worker", NODE_OPTIONS)).containsExactly("-XX:AOTCache=" + dir.resolve("worker.aot"));
    assertThat(dir.resolve(AotCache.EAGER_PROBED)).hasContent("false");
  }

  @Test
  void aProbeThatCouldNotTellIsAskedAgainAndAHalfWrittenAnswerIsNoAnswer() throws Exception {
    Files.writeString(dir.resolve("worker.aot"), "cache");
    Files.writeString(dir.resolve(AotCache.EAGER_PROBED), ""); // a launcher killed as it wrote
    AtomicInteger asked = new AtomicInteger();
    AotCache unsure = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> true,
        () -> asked.incrementAndGet() == 1 ? Optional.empty() : Optional.of(true));

    assertThat(unsure.options("worker", NODE_OPTIONS)).as("no answer: without, this time")
        .containsExactly("-XX:AOTCache=" + dir.resolve("worker.aot"));
    assertThat(unsure.options("worker", NODE_OPTIONS)).as("asked again").containsAll(AotCache.EAGER);
    assertThat(asked).hasValue(2);
    assertThat(dir.resolve(AotCache.EAGER_PROBED)).hasContent("true");
  }

  @Test
  void aNodeOptionOfTheUsersSettingItEitherWayWins() throws Exception {
    Files.writeString(dir.resolve("worker.aot"), "cache");
    AotCache eager = new AotCache(dir, Path.of("/x/tasklane.jar"), (file, options) -> true, () -> Optional.of(true));

    assertThat(eager.options("worker", List.of("-XX:+UnlockExperimentalVMOptions", "-XX:-AOTCompileEagerly")))
        .containsExactly("-XX:AOTCache=" + dir.resolve("worker.aot"));
  }

  @Test
  void aRecordingTheJvmRefusesIsDeletedAndTheNodeRecordsAgain() throws Exception {
    long dead = exitedPid();
    Files.writeString(dir.resolve("coordinator-pid" + dead + ".aot"), "cut short");

    assertThat(cache.options("coordinator", NODE_OPTIONS)).first().asString().startsWith("-XX:AOTCacheOutput=");
    assertThat(checked).containsExactly("coordinator-pid" + dead + ".aot");
    assertThat(dir.resolve("coordinator-pid" + dead + ".aot")).doesNotExist();
  }

  @Test
  void aRecordingWhoseNodeStillRunsIsLeftAlone() throws Exception {
    long alive = ProcessHandle.current().pid(); // still writing, or not stopped yet
    Path recording = Files.writeString(dir.resolve("worker-pid" + alive + ".aot"), "partial");
    valid.add(recording.getFileName().toString());

    assertThat(cache.options("worker", NODE_OPTIONS)).first().asString().startsWith("-XX:AOTCacheOutput=");
    assertThat(checked).isEmpty();
    assertThat(recording).exists();
  }

  @Test
  void onceARoleHasItsCacheTheOtherRecordingsOfExitedNodesGo() throws Exception {
    Files.writeString(dir.resolve("worker.aot"), "adopted");
    Path other = Files.writeString(dir.resolve("worker-pid" + exitedPid() + ".aot"), "second worker's");

    assertThat(cache.options("worker", NODE_OPTIONS)).containsExactly("-XX:AOTCache=" + dir.resolve("worker.aot"));
    assertThat(other).doesNotExist();
    assertThat(checked).isEmpty();
  }

  @Test
  void oneDirectoryPerJarAndJdkWithTheJarTheNodesRunFromAndOnlyTheNewestOthersKept(@TempDir Path root)
      throws Exception {
    Path jar = Files.writeString(dir.resolve("tasklane.jar"), "the distribution");
    Path foreign = Files.createDirectories(root.resolve("someone-elses"));
    Files.setLastModifiedTime(foreign, FileTime.fromMillis(1));
    for (int i = 0; i < 4; i++) {
      Path old = Files.createDirectories(root.resolve(old(i)));
      Files.writeString(old.resolve("worker.aot"), "old");
      Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    Map<String, String> env = Map.of("TASKLANE_AOT_DIR", root.toString());

    Optional<AotCache> made = AotCache.forJar(jar, "java", env);

    if (Runtime.version().feature() < AotCache.MIN_JDK) {
      assertThat(made).isEmpty();
      return;
    }
    AotCache aot = made.orElseThrow();
    assertThat(aot.dir()).isEqualTo(root.resolve(AotCache.sha256(jar).substring(0, 16) + "-jdk"
        + Runtime.version().toString().replace('+', '_')));
    assertThat(aot.jar()).isEqualTo(aot.dir().resolve("tasklane.jar")).hasContent("the distribution");
    assertThat(root.resolve(old(3))).exists();
    assertThat(root.resolve(old(2))).exists();
    assertThat(root.resolve(old(1))).doesNotExist();
    assertThat(root.resolve(old(0))).doesNotExist();
    assertThat(foreign).as("not named as ours: never touched").exists();
    assertThat(AotCache.forJar(jar, "java", Map.of("TASKLANE_AOT_DIR", root.toString(), "TASKLANE_AOT", "off")))
        .isEmpty();
  }

  /** The name of another build's cache directory. */
  private static String old(int i) {
    return "000000000000000" + i + "-jdk25.0." + i + "_9-LTS";
  }

  private static long exitedPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }
}
