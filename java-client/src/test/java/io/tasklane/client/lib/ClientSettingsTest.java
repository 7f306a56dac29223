package io.tasklane.client.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

  @TempDir Path work;

  private Path localCluster(String server, String token) throws Exception {
    Path state = Files.createDirectories(work.resolve(".tasklane"));
    Files.writeString(state.resolve("cluster.json"), "{\"server\": \"" + server + "\", \"nodes\": []}");
    Files.writeString(state.resolve("token"), token + "\n");
    return state;
  }

  @Test
  void aLocalClusterIsFoundInItsStateFolder() throws Exception {
    localCluster("http://127.0.0.1:40365", "t0k");
    TasklaneClient client = TasklaneClient.fromLocalCluster(work);
    assertThat(client.server()).isEqualTo(URI.create("http://127.0.0.1:40365"));
  }

  @Test
  void theEnvironmentWinsAndTheLocalClusterFillsWhatItLacks() throws Exception {
    Path state = localCluster("http://127.0.0.1:40365", "t0k");
    TasklaneClient.Builder builder = TasklaneClient.builder();
    ClientSettings.discover(Map.of("TASKLANE_SERVER", "http://10.0.0.1:8080", "TASKLANE_STATE_DIR", state.toString()),
        builder);
    assertThat(builder.build().server()).isEqualTo(URI.create("http://10.0.0.1:8080"));
  }

  @Test
  void withNeitherItSaysHowToConnect() {
    TasklaneClient.Builder builder = TasklaneClient.builder();
    assertThatThrownBy(() -> ClientSettings.discover(Map.of("TASKLANE_STATE_DIR", work.resolve("none").toString()), builder))
        .hasMessageContaining("no local cluster in")
        .hasMessageContaining("TASKLANE_SERVER and TASKLANE_TOKEN");
    assertThatThrownBy(() -> TasklaneClient.builder().server("localhost:8080"))
        .hasMessageStartingWith("not a server URL: 'localhost:8080'");
    assertThatThrownBy(() -> TasklaneClient.builder().server("http://h:1").build())
        .hasMessageStartingWith("no token: ");
  }
}
