package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.json;
import static io.tasklane.worker.task.ProcessTrees.awaitTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasklane.spi.TaskCancelledException;
import io.tasklane.worker.settings.ExecAllow;
import io.tasklane.worker.settings.ExecSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StubContext context = new StubContext();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  private static ExecHandler handler(String allow, int maxOutputBytes) {
    return new ExecHandler(new ExecSettings(ExecAllow.parse(allow), maxOutputBytes, Duration.ofMillis(500)), "w1");
  }

  private static ExecHandler handler() {
    return handler("all", 64 * 1024);
  }

  private static JsonNode input(List<String> argv) {
    ObjectNode input = JSON.createObjectNode();
    input.set("argv", JSON.valueToTree(argv));
    return input;
  }

  /** Through the I/O lane's way: a stage from Process.onExit(). */
  private static JsonNode started(ExecHandler exec, JsonNode input) throws Exception {
    return exec.start(input, new StubContext()).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void echoesToStdoutInBothLanesWays() throws Exception {
    JsonNode output = handler().compute(input(List.of("echo", "hello", "world")), context);
    assertThat(output.get("exitCode").asInt()).isZero();
    assertThat(output.get("stdout").asText()).isEqualTo("hello world\n");
    assertThat(output.get("stderr").asText()).isEmpty();
    assertThat(started(handler(), input(List.of("echo", "hi")))).isEqualTo(json("{\"exitCode\":0,\"stdout\":\"hi\\n\",\"stderr\":\"\"}"));
  }

  @Test
  void passesStdinThroughAsUtf8() throws Exception {
    ObjectNode input = (ObjectNode) input(List.of("cat"));
    input.put("stdin", "line one\nünïcödé ✓\n");
    assertThat(handler().compute(input, context).get("stdout").asText()).isEqualTo("line one\nünïcödé ✓\n");
    assertThat(started(handler(), input).get("stdout").asText()).isEqualTo("line one\nünïcödé ✓\n");
    // no stdin: the program reads an end of file at once instead of waiting forever
    assertThat(handler().compute(input(List.of("cat")), context).get("stdout").asText()).isEmpty();
  }

  @Test
  void setsTheEnvironmentAndTheWorkingDirectory(@TempDir Path dir) throws Exception {
    ObjectNode input = (ObjectNode) input(List.of("sh", "-c", "echo \"$GREETING\"; pwd; echo oops >&2"));
    input.set("env", JSON.valueToTree(Map.of("GREETING", "hello from env")));
    input.put("cwd", dir.toString());
    JsonNode output = handler().compute(input, context);
    assertThat(output.get("stdout").asText()).isEqualTo("hello from env\n" + dir.toRealPath() + "\n");
    assertThat(output.get("stderr").asText()).isEqualTo("oops\n");
  }

  @Test
  void aNonZeroExitFailsWithTheExitCodeAndTheEndOfStderr() {
    JsonNode input = input(List.of("sh", "-c", "echo first line >&2; echo 'it went wrong' >&2; exit 3"));
    assertThatThrownBy(() -> handler().compute(input, context))
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("it went wrong");
    assertThatThrownBy(() -> started(handler(), input))
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("it went wrong");
  }

  @Test
  void keepsTheLastBytesOfBothStreamsWhileTheProgramFillsThemAtOnce() throws Exception {
    // 300 kB on each stream, interleaved: far past a pipe's 64 KiB; unread, the program would block
    String script = "i=0; while [ $i -lt 3000 ]; do "
        + "echo 'out 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234'; "
        + "echo 'err 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234' >&2; "
        + "i=$((i+1)); done; echo 'out: the end'; echo 'err: the end ✓' >&2";
    for (JsonNode output : List.of(
        handler("all", 1000).compute(input(List.of("sh", "-c", script)), context),
        started(handler("all", 1000), input(List.of("sh", "-c", script))))) {
      String stdout = output.get("stdout").asText();
      String stderr = output.get("stderr").asText();
      assertThat(stdout).hasSize(1000).endsWith("\nout: the end\n");
      assertThat(stderr.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1000);
      assertThat(stderr).endsWith("\nerr: the end ✓\n");
    }
  }

  @Test
  void aTailCutInsideACharacterDropsTheBrokenStart() {
    TailBuffer tail = new TailBuffer(4);
    byte[] text = "aé€".getBytes(java.nio.charset.StandardCharsets.UTF_8); // 1 + 2 + 3 bytes
    tail.write(text, 0, 2);
    tail.write(text, 2, 4);
    assertThat(tail.total()).isEqualTo(6);
    assertThat(tail.text()).isEqualTo("€"); // the kept é byte was half a character
  }

  @Test
  void aTailBufferGrowsAsOutputComesAndKeepsTheLastBytesAcrossTheWrap() {
    TailBuffer tail = new TailBuffer(5000);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      byte[] piece = (i + ",").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      tail.write(piece, 0, piece.length);
      all.append(i).append(',');
      if (i == 10) {
        assertThat(tail.text()).isEqualTo(all.toString());
      }
    }
    assertThat(tail.total()).isEqualTo(all.length());
    assertThat(tail.text()).isEqualTo(all.substring(all.length() - 5000));
  }

  @Test
  void aProgramThatLeavesAChildHoldingItsOutputEndsAfterTheGraceWithWhatItWrote() throws Exception {
    try {
      long start = System.nanoTime();
      JsonNode output = handler().compute(input(List.of("sh", "-c", "echo before; sleep 613 &")), context);
      assertThat(output.get("stdout").asText()).isEqualTo("before\n");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      ProcessHandle.allProcesses()
          .filter(h -> h.info().commandLine().orElse("").contains("sleep 613"))
          .forEach(ProcessHandle::destroy);
    }
  }

  @Test
  void aStoppedComputeKillsTheProcessAndItsChildrenAndKeepsTheRunnerTillTheyAreGone() throws Exception {
    RunningAttempt attempt = RunningAttempt.compute(
        handler(), input(List.of("sh", "-c", "sleep 601 & sleep 601")), attemptContext(), runner, true);
    List<ProcessHandle> tree = awaitTree("sleep 601", 3);
    attempt.cancel(); // what the lane does on a timeout or a cancel

    assertThatThrownBy(() -> attempt.done().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskCancelledException.class);
    assertThat(tree).noneMatch(ProcessHandle::isAlive); // gone by the time the runner is back
  }

  @Test
  void aStoppedStartKillsTheProcessAndItsChildren() throws Exception {
    RunningAttempt attempt = RunningAttempt.start(
        (io.tasklane.spi.IoTaskHandler) handler(), input(List.of("sh", "-c", "sleep 602 & sleep 602")),
        attemptContext());
    List<ProcessHandle> tree = awaitTree("sleep 602", 3);
    attempt.cancel();

    assertThat(attempt.done()).isCancelled();
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    RunningAttempt attempt = RunningAttempt.compute(handler(),
        input(List.of("sh", "-c", "trap '' TERM; sleep 603 & trap '' TERM; sleep 603")), attemptContext(), runner, true);
    List<ProcessHandle> tree = awaitTree("sleep 603", 3);
    long stopped = System.nanoTime();
    attempt.cancel();

    assertThatThrownBy(() -> attempt.done().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskCancelledException.class);
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void isRefusedWhereExecIsOffOrTheProgramIsNotListed() {
    assertThatThrownBy(() -> handler("off", 1000).compute(input(List.of("echo", "hi")), context))
        .hasMessage("exec is not allowed on worker w1: start it with --allow-exec");
    assertThatThrownBy(() -> handler("", 1000).start(input(List.of("echo", "hi")), context))
        .hasMessageContaining("exec is not allowed on worker w1");
    assertThatThrownBy(() -> handler("python3,/usr/bin/convert", 1000).compute(input(List.of("rm", "-rf", "x")), context))
        .hasMessageStartingWith("program 'rm' is not in --allow-exec");
    assertThatThrownBy(() -> handler("/usr/bin/echo", 1000).compute(input(List.of("echo", "hi")), context))
        .hasMessageStartingWith("program 'echo' is not in --allow-exec");
  }

  @Test
  void runsAListedProgramNamedExactlyOrByItsFileName() throws Exception {
    ExecHandler exec = handler("python3, echo", 1000);
    assertThat(exec.compute(input(List.of("echo", "a")), context).get("stdout").asText()).isEqualTo("a\n");
    String echo = Files.isExecutable(Path.of("/usr/bin/echo")) ? "/usr/bin/echo" : "/bin/echo";
    assertThat(exec.compute(input(List.of(echo, "b")), context).get("stdout").asText()).isEqualTo("b\n");
    assertThat(ExecAllow.parse("/usr/bin/convert").allows("/usr/bin/convert")).isTrue();
    assertThat(ExecAllow.parse("/usr/bin/convert").allows("convert")).isFalse();
  }

  @Test
  void badInputFailsNamingTheField(@TempDir Path dir) {
    ExecHandler exec = handler();
    assertThatThrownBy(() -> exec.compute(json("{}"), context)).hasMessage("exec: input field 'argv' is required");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[]}"), context)).hasMessageContaining("'argv'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":\"echo hi\"}"), context)).hasMessageContaining("'argv'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"echo\",1]}"), context)).hasMessageContaining("'argv'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"\"]}"), context)).hasMessageContaining("'argv'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"echo\"],\"env\":[\"A=1\"]}"), context))
        .hasMessageContaining("'env'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"echo\"],\"env\":{\"A\":1}}"), context))
        .hasMessageContaining("'env'").hasMessageContaining("'A'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"echo\"],\"stdin\":{}}"), context))
        .hasMessageContaining("'stdin'");
    String missing = dir.resolve("missing").toString();
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"echo\"],\"cwd\":\"" + missing + "\"}"), context))
        .hasMessageContaining("'cwd'").hasMessageContaining(missing);
    assertThatThrownBy(() -> started(exec, json("{\"argv\":[\"echo\"],\"cwd\":\"" + missing + "\"}")))
        .hasMessageContaining("'cwd'");
    assertThatThrownBy(() -> exec.compute(json("{\"argv\":[\"no-such-program-x\"]}"), context))
        .hasMessageContaining("no-such-program-x");
  }

  private static AttemptContext attemptContext() {
    return new AttemptContext("t", 1, new TaskServices(null, null, null));
  }
}
