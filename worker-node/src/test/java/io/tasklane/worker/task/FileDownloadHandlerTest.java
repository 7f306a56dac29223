package io.tasklane.worker.task;

import static io.tasklane.worker.LaneHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.spi.TaskFailedPermanently;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDownloadHandlerTest {

  private static final byte[] BODY = new byte[3 * 1024 * 1024 + 17];

  static {
    new Random(42).nextBytes(BODY);
  }

  private final HttpClient client = HttpClient.newHttpClient();
  private final StubContext context = new StubContext(client);
  private final FileDownloadHandler download = new FileDownloadHandler();
  private final CountDownLatch release = new CountDownLatch(1);
  private final LocalHttp server = new LocalHttp()
      .on("/data", 200, BODY)
      .on("/chunked", exchange -> { // no length: sent in pieces, as a stream
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          for (int at = 0; at < BODY.length; at += 64 * 1024) {
            out.write(BODY, at, Math.min(64 * 1024, BODY.length - at));
          }
        }
      })
      .on("/cut", exchange -> { // promises the whole body, sends a tenth, drops the connection
        exchange.sendResponseHeaders(200, BODY.length);
        OutputStream out = exchange.getResponseBody();
        out.write(BODY, 0, BODY.length / 10);
        out.flush();
        exchange.close(); // short of the promised length: the server closes the connection
      })
      .on("/slow", exchange -> { // sends a little, then waits for the test
        exchange.sendResponseHeaders(200, BODY.length);
        OutputStream out = exchange.getResponseBody();
        out.write(BODY, 0, 1024);
        out.flush();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
      });

  @AfterEach
  void shutDown() {
    release.countDown();
    server.close();
    client.close();
  }

  private JsonNode input(String path, Path file) {
    return json("{\"url\":\"" + server.url(path) + "\",\"path\":\"" + file + "\"}");
  }

  private static JsonNode done(java.util.concurrent.CompletionStage<JsonNode> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static String sha256(byte[] bytes) {
    return Hex.of(Hex.sha256().digest(bytes));
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private static long partSize(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> parts = files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
      return parts.size() == 1 ? Files.size(parts.get(0)) : -1;
    }
  }

  @Test
  void streamsTheBodyToThePathAndReportsItsSizeAndHash(@TempDir Path dir) throws Exception {
    for (String path : new String[] {"/data", "/chunked"}) {
      Path file = dir.resolve("sub" + path + "/data.bin"); // folders that do not exist yet
      JsonNode output = done(download.start(input(path, file), context));

      assertThat(file).exists();
      assertThat(Files.readAllBytes(file)).isEqualTo(BODY);
      assertThat(output.get("path").asText()).isEqualTo(file.toString());
      assertThat(output.get("bytes").asLong()).isEqualTo(BODY.length);
      assertThat(output.get("sha256").asText()).isEqualTo(sha256(BODY));
      assertThat(filesIn(file.getParent())).as("no temporary file left").isEqualTo(1);
    }
  }

  @Test
  void replacesAnExistingFileOnlyOnceTheWholeBodyArrived(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.bin");
    Files.writeString(file, "old");

    assertThatThrownBy(() -> done(download.start(input("/cut", file), context)))
        .cause() // "IOException: fixed content-length: …, bytes received: … from 127.0.0.1:…" or an EOF
        .hasMessageContaining(" from 127.0.0.1:" + server.port() + " (" + server.url("/cut") + ")");
    assertThat(Files.readString(file)).as("the old file, untouched").isEqualTo("old");
    assertThat(filesIn(dir)).as("the partial download is gone").isEqualTo(1);

    done(download.start(input("/data", file), context));
    assertThat(Files.readAllBytes(file)).isEqualTo(BODY);
  }

  @Test
  void leavesNoFileAfterAFailureMidBody(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.bin");
    assertThatThrownBy(() -> done(download.start(input("/cut", file), context)));
    assertThat(file).doesNotExist();
    assertThat(filesIn(dir)).isZero();
  }

  @Test
  void writesAsTheBodyArrivesAndLeavesNoFileWhenStoppedMidBody(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.bin");
    CompletableFuture<JsonNode> stage = download.start(input("/slow", file), context).toCompletableFuture();
    // streamed: the first KiB is on disk, in the temporary file, while the rest has not been sent
    await().atMost(Duration.ofSeconds(10)).until(() -> partSize(dir) == 1024);
    assertThat(file).doesNotExist();

    context.cancelled = true; // as RunningAttempt stops an attempt: the flag, then the stage
    stage.cancel(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(dir) == 0);
    release.countDown();
    assertThat(file).doesNotExist();
  }

  @Test
  void failsA404ForGoodAndBadInputNamingTheField(@TempDir Path dir) throws Exception {
    server.on("/missing", 404, new byte[0]);
    Path file = dir.resolve("missing.bin");
    assertThatThrownBy(() -> done(download.start(input("/missing", file), context)))
        .rootCause()
        .isInstanceOf(TaskFailedPermanently.class)
        .hasMessageStartingWith("HTTP 404 from " + server.url("/missing"));
    assertThat(filesIn(dir)).isZero();

    assertThatThrownBy(() -> download.start(json("{\"path\":\"x\"}"), context))
        .isInstanceOf(TaskFailedPermanently.class).hasMessageContaining("'url'");
    assertThatThrownBy(() -> download.start(json("{\"url\":\"" + server.url("/data") + "\"}"), context))
        .isInstanceOf(TaskFailedPermanently.class).hasMessage("file.download: input field 'path' is required");
    assertThatThrownBy(() -> download.start(json("{\"url\":\"file:///etc/passwd\",\"path\":\"x\"}"), context))
        .isInstanceOf(TaskFailedPermanently.class).hasMessageContaining("'url' is not an http(s) URL");
    assertThatThrownBy(() -> done(download.start(input("/data", dir), context)))
        .rootCause()
        .isInstanceOf(TaskFailedPermanently.class)
        .hasMessage("file.download: input field 'path' is a folder: " + dir);
  }
}
