package io.tasklane.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasklane.protocol.Lane;
import io.tasklane.spi.CpuTaskHandler;
import io.tasklane.spi.IoTaskHandler;
import io.tasklane.spi.TaskContext;
import io.tasklane.spi.TaskHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Plugin versions delivered at run time: pinned and plain types, the newest wins, fixed types stay. */
class RegistryPluginsTest {

  private record Counter(String type, String tag) implements CpuTaskHandler {
    @Override
    public JsonNode compute(JsonNode input, TaskContext context) {
      return input;
    }
  }

  private record Waiter(String type) implements IoTaskHandler {
    @Override
    public CompletionStage<JsonNode> start(JsonNode input, TaskContext context) {
      return CompletableFuture.completedFuture(input);
    }
  }

  private final HandlerRegistry registry = HandlerRegistry.of(List.of(new NoopHandler()));

  private static PluginHandlers plugin(String name, String version, TaskHandler... handlers) {
    return new PluginHandlers(name, version, "plugin " + name + " " + version + " (sha256:abc)", List.of(handlers));
  }

  @Test
  void offersEachVersionPinnedAndTheNewestPlain() {
    Counter v1 = new Counter("words.count", "v1");
    Counter v2 = new Counter("words.count", "v2");

    registry.setPlugins(List.of(plugin("words", "1.0", v1), plugin("words", "2.0", v2)));

    assertThat(registry.find("words.count")).containsSame(v2);
    assertThat(registry.find("words.count@1.0")).containsSame(v1);
    assertThat(registry.find("words.count@2.0")).containsSame(v2);
    assertThat(registry.catalog()).containsEntry("words.count", Lane.CPU).containsKey("noop");
    assertThat(registry.offers().get("words.count").source()).isEqualTo("plugin words 2.0 (sha256:abc)");
  }

  @Test
  void aRemovedVersionLeavesAndTheOlderOneRunsThePlainType() {
    Counter v1 = new Counter("words.count", "v1");
    registry.setPlugins(List.of(plugin("words", "1.0", v1), plugin("words", "2.0", new Counter("words.count", "v2"))));

    registry.setPlugins(List.of(plugin("words", "1.0", v1)));

    assertThat(registry.find("words.count")).containsSame(v1);
    assertThat(registry.find("words.count@2.0")).isEmpty();
    registry.setPlugins(List.of());
    assertThat(registry.catalog().keySet()).containsExactly("noop");
  }

  @Test
  void neverReplacesAFixedTypeNorAnotherPluginsType() {
    Waiter clash = new Waiter("noop");
    Counter first = new Counter("shared", "a");

    List<String> warnings = registry.setPlugins(List.of(
        plugin("a", "1", first), plugin("b", "1", new Counter("shared", "b"), clash)));

    assertThat(registry.find("noop").orElseThrow()).isInstanceOf(NoopHandler.class);
    assertThat(registry.find("noop@1")).containsSame(clash);
    assertThat(registry.find("shared")).containsSame(first);
    assertThat(warnings).containsExactlyInAnyOrder(
        "type 'shared@1' of plugin b 1 (sha256:abc) ignored: another source has it",
        "type 'shared' of plugin b 1 (sha256:abc) ignored: plugin a provides it",
        "type 'noop' of plugin b 1 (sha256:abc) ignored: given provides it");
  }

  @Test
  void aSnapshotTakenBeforeASwapStaysWhole() {
    registry.setPlugins(List.of(plugin("words", "1.0", new Counter("words.count", "v1"))));
    Map<String, Lane> before = registry.catalog();

    registry.setPlugins(List.of());

    assertThat(before).containsKeys("noop", "words.count", "words.count@1.0");
    assertThat(registry.catalog()).doesNotContainKey("words.count");
  }
}
