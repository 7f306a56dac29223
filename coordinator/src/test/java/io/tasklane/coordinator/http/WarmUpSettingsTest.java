package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpSettingsTest {

  @Test
  void theDefaultsAreEightJobsOfTwentyThousandNoOpTasksWithinThirtySeconds() {
    WarmUpSettings settings = WarmUpSettings.from(ConfigFactory.load().getConfig("tasklane.coordinator"));

    assertThat(settings).isEqualTo(new WarmUpSettings(8, 20_000, Duration.ofSeconds(30)));
  }

  @Test
  void amountsOutsideTheirBoundsAreRefusedWithTheSettingNamed() {
    assertThatThrownBy(() -> new WarmUpSettings(0, 20_000, Duration.ofSeconds(30)))
        .hasMessageContaining("tasklane.coordinator.warm-up.jobs must be 1 to 100, not 0");
    assertThatThrownBy(() -> new WarmUpSettings(8, 2_000_000, Duration.ofSeconds(30)))
        .hasMessageContaining("tasklane.coordinator.warm-up.tasks must be 1 to 1000000");
    assertThatThrownBy(() -> new WarmUpSettings(8, 20_000, Duration.ZERO))
        .hasMessageContaining("tasklane.coordinator.warm-up.max-time must be positive");
  }
}
