package io.tasklane.coordinator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

  @Test
  void theDefaultsPushAFewTimesASecondAtMost() {
    DashboardSettings settings = DashboardSettings.fromConfig(ConfigFactory.load());
    assertThat(settings.interval()).isBetween(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(settings.maxStreams()).isPositive();
    assertThat(settings.maxPage()).isPositive();
  }

  @Test
  void aTooFrequentIntervalIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> DashboardSettings.fromConfig(ConfigFactory
            .parseString("tasklane.coordinator.dashboard.interval = 10ms").withFallback(ConfigFactory.load())))
        .hasMessageContaining("tasklane.coordinator.dashboard.interval must be at least 100 ms, not 10 ms");
    assertThatThrownBy(() -> DashboardSettings.fromConfig(ConfigFactory
            .parseString("tasklane.coordinator.dashboard.max-streams = 0").withFallback(ConfigFactory.load())))
        .hasMessageContaining("tasklane.coordinator.dashboard.max-streams must be at least 1, not 0");
  }
}
