package io.tasklane.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasklane.client.testing.Cli;
import io.tasklane.client.testing.FakeCoordinator;
import io.tasklane.client.testing.FakeCoordinator.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library's errors, as the commands end with them: what the user can fix is exit 2
 * with the coordinator's reason, a coordinator that is down or failing is exit 3, reported at
 * once (one request, no retries).
 */
class ExitCodesTest {

  @TempDir
  Path dir;

  final FakeCoordinator coordinator = new FakeCoordinator();

  @AfterEach
  void stop() {
    coordinator.close();
  }

  Cli.Run run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server=" + coordinator.uri();
    all[args.length + 1] = "--token=" + FakeCoordinator.TOKEN;
    return Cli.run(all);
  }

  @Test
  void aCoordinatorThatCannotServeIsExitThreeAtOnce() {
    coordinator.on("GET", "/api/cluster", Answer.json(503, "{\"error\":\"no worker has joined yet\"}"))
        .on("GET", "/api/types", Answer.json(500, "{\"error\":\"internal error: boom\"}"));

    Cli.Run unavailable = run("cluster");
    Cli.Run broken = run("types");

    assertThat(unavailable.code()).isEqualTo(3);
    assertThat(unavailable.err().trim()).isEqualTo("the coordinator at " + coordinator.uri()
        + " answered 503: no worker has joined yet");
    assertThat(coordinator.received("GET", "/api/cluster")).hasSize(1);
    assertThat(broken.code()).isEqualTo(3);
    assertThat(broken.err()).contains("answered 500: internal error: boom");
  }

  @Test
  void aRefusedPluginIsExitTwoWithTheReason() throws IOException {
    Path jar = Files.write(dir.resolve("words-1.2.jar"), new byte[] {'P', 'K', 3, 4});
    coordinator.on("POST", "/api/plugins", Answer.json(400, "{\"error\":\"words-1.2.jar: no task handler in it\"}"));

    Cli.Run refused = run("plugins", "add", jar.toString());
    coordinator.on("POST", "/api/plugins", Answer.json(413, "{\"error\":\"the plugin jar is over the limit\"}"));
    Cli.Run tooBig = run("plugins", "add", jar.toString());

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().trim()).isEqualTo("words-1.2.jar: no task handler in it");
    assertThat(tooBig.code()).isEqualTo(2);
    assertThat(tooBig.err().trim()).isEqualTo("the plugin jar is over the limit");
    assertThat(coordinator.received("POST", "/api/plugins")).hasSize(2)
        .allSatisfy(post -> assertThat(post.query()).isEqualTo("file=words-1.2.jar"));
  }

  @Test
  void removingAPluginThatIsNotThereIsExitTwo() {
    coordinator.on("DELETE", "/api/plugins/words%401.1", Answer.json(404, "{\"error\":\"no plugin 'words@1.1'\"}"));

    Cli.Run run = run("plugins", "remove", "words@1.1");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err().trim()).isEqualTo("no plugin 'words@1.1'");
  }

  @Test
  void aCaFileThatIsNotThereOrAServerThatIsNoUrlIsAUsageErrorAndNothingIsSent() {
    Cli.Run noCa = run("cluster", "--ca-file", dir.resolve("ca.pem").toString());
    Cli.Run noUrl = Cli.run("cluster", "--server", "localhost:8080", "--token", "t");

    assertThat(noCa.code()).isEqualTo(2);
    assertThat(noCa.err()).contains("no CA file").contains("ca.pem");
    assertThat(noUrl.code()).isEqualTo(2);
    assertThat(noUrl.err()).contains("not a server URL: 'localhost:8080'");
    assertThat(coordinator.received()).isEmpty();
  }
}
