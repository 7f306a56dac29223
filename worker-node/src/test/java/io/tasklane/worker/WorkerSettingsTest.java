package io.tasklane.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tasklane.worker.task.RetryBackoff;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  @Test
  void readsTheDefaultsFromReferenceConf() {
    WorkerSettings settings = WorkerSettings.fromConfig(ConfigFactory.load());
    assertThat(settings.ioMaxInFlight()).isEqualTo(1000);
    assertThat(settings.cpuRunners()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(settings.resultBatchMax()).isEqualTo(1000);
    assertThat(settings.retryBackoffBase()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.pluginDir()).isEqualTo(Path.of("plugins"));
  }

  @Test
  void sizesTheCpuDispatcherToTheRunners() {
    Config cores = WorkerConfig.withCpuDispatcherSized(ConfigFactory.load());
    assertThat(cores.getInt(WorkerConfig.CPU_DISPATCHER + ".thread-pool-executor.fixed-pool-size"))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    Config three = WorkerConfig.withCpuDispatcherSized(
        ConfigFactory.parseString("tasklane.worker.cpu.runners = 3").withFallback(ConfigFactory.load()));
    assertThat(three.getInt(WorkerConfig.CPU_DISPATCHER + ".thread-pool-executor.fixed-pool-size")).isEqualTo(3);
    assertThat(WorkerSettings.fromConfig(three).cpuRunners()).isEqualTo(3);
  }

  @Test
  void refusesNonsenseWithTheKeyNamed() {
    Config bad = ConfigFactory.parseString("tasklane.worker.io.max-in-flight = 0").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(bad)).hasMessageContaining("io.max-in-flight");
  }

  @Test
  void backoffDoublesPerAttemptUpToItsMaximum() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.after(8)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofSeconds(10));
  }
}
