package io.tasklane.coordinator.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
  }

  @Test
  void theFormerConstantsAreSettingsWithTheirOldValuesAsDefaults() {
    CoordinatorSettings settings = CoordinatorSettings.fromConfig(ConfigFactory.load());
    assertThat(settings.eventsHeartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.followRetry()).isEqualTo(Duration.ofMillis(200));
    assertThat(settings.followKeepAlive()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.wakeGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.maxMessageBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void aMessageBudgetOverHalfArterysFrameIsRefusedByName() {
    String cluster = "pekko.actor.provider = cluster\n";
    assertThatThrownBy(() -> CoordinatorSettings.fromConfig(with(cluster
        + "pekko.remote.artery.advanced.maximum-frame-size = 1 MiB\ntasklane.coordinator.max-message-bytes = 1 MiB")))
        .hasMessageContaining("tasklane.coordinator.max-message-bytes")
        .hasMessageContaining("pekko.remote.artery.advanced.maximum-frame-size");
    assertThatThrownBy(() -> CoordinatorSettings.fromConfig(with("tasklane.coordinator.max-message-bytes = 0")))
        .hasMessageContaining("tasklane.coordinator.max-message-bytes");
    assertThatThrownBy(() -> CoordinatorSettings.fromConfig(with(cluster
        + "pekko.remote.artery.advanced.maximum-frame-size = 4 MiB\ntasklane.coordinator.max-message-bytes = 3 MiB")))
        .as("a page may carry one more line past the budget").hasMessageContaining("at most half");
    assertThat(CoordinatorSettings.fromConfig(with(cluster
        + "pekko.remote.artery.advanced.maximum-frame-size = 4 MiB\ntasklane.coordinator.max-message-bytes = 2 MiB"))
        .maxMessageBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(CoordinatorSettings.fromConfig(with("tasklane.coordinator.max-message-bytes = 2 MiB")).maxMessageBytes())
        .as("without a cluster no message crosses a node").isEqualTo(2L * 1024 * 1024);
  }
}
