package io.tasklane.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpSettingsTest {

  @Test
  void theDefaultsAreEightJobsOfTwentyThousandNoOpTasksThenThreeThousandRequestsWithinThirtySecondsThenTheJitSettles() {
    WarmUpSettings settings = WarmUpSettings.from(ConfigFactory.load().getConfig("tasklane.coordinator"));

    assertThat(settings).isEqualTo(new WarmUpSettings(8, 20_000, 3_000, 4, Duration.ofSeconds(30), Duration.ofSeconds(20)));
  }

  @Test
  void amountsOutsideTheirBoundsAreRefusedWithTheSettingNamed() {
    assertThatThrownBy(() -> new WarmUpSettings(0, 20_000, 3_000, 4, Duration.ofSeconds(30), Duration.ofSeconds(20)))
        .hasMessageContaining("tasklane.coordinator.warm-up.jobs must be 1 to 100, not 0");
    assertThatThrownBy(() -> new WarmUpSettings(8, 2_000_000, 3_000, 4, Duration.ofSeconds(30), Duration.ofSeconds(20)))
        .hasMessageContaining("tasklane.coordinator.warm-up.tasks must be 1 to 1000000");
    assertThatThrownBy(() -> new WarmUpSettings(8, 20_000, -1, 4, Duration.ofSeconds(30), Duration.ofSeconds(20)))
        .hasMessageContaining("tasklane.coordinator.warm-up.requests must be 0 to 100000, not -1");
    assertThatThrownBy(() -> new WarmUpSettings(8, 20_000, 3_000, 0, Duration.ofSeconds(30), Duration.ofSeconds(20)))
        .hasMessageContaining("tasklane.coordinator.warm-up.requests-in-flight must be 1 to 64, not 0");
    assertThatThrownBy(() -> new WarmUpSettings(8, 20_000, 3_000, 4, Duration.ZERO, Duration.ofSeconds(20)))
        .hasMessageContaining("tasklane.coordinator.warm-up.max-time must be positive");
    assertThatThrownBy(() -> new WarmUpSettings(8, 20_000, 3_000, 4, Duration.ofSeconds(30), Duration.ofSeconds(-1)))
        .hasMessageContaining("tasklane.coordinator.warm-up.jit-settle-max must be 0 or positive");
  }
}
