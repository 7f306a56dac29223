package io.tasklane.worker.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
    assertThat(settings.cpuSpareThreads()).isEqualTo(settings.cpuRunners());
    assertThat(settings.cpuAbandonAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.resultBatchMaxBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.maxOutputBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.cpuRelayQueue()).isEqualTo(1024);
    assertThat(settings.laneRestartRandomFactor()).isEqualTo(0.2);
    assertThat(settings.rejoinAfter()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.rejoinBackoffMax()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.progress()).isEqualTo(new ProgressSettings(Duration.ofSeconds(5), 200));
  }

  @Test
  void rejoinAfterOffOrZeroIsZero() {
    for (String off : new String[] {"off", "0s", "\"off\""}) {
      Config config = ConfigFactory.parseString("tasklane.worker.rejoin-after = " + off).withFallback(ConfigFactory.load());
      assertThat(WorkerSettings.fromConfig(config).rejoinAfter()).as(off).isZero();
    }
  }

  @Test
  void aRejoinBackoffThatIsNotPositiveIsRefusedByName() {
    Config config = ConfigFactory.parseString("tasklane.worker.rejoin-backoff-max = 0s").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tasklane.worker.rejoin-backoff-max must be positive");
  }

  @Test
  void theWorkerDefaultsGiveTheDrainPhaseMoreTimeThanTheDrain() {
    Config config = WorkerConfig.defaults().withFallback(ConfigFactory.load());
    assertThat(config.getDuration("pekko.coordinated-shutdown.phases.before-service-unbind.timeout"))
        .isGreaterThan(WorkerSettings.fromConfig(config).drainTimeout()
            .plus(WorkerSettings.fromConfig(config).drainResultsTimeout()));
  }

  @Test
  void readsTheRunnersAndSpareThreads() {
    Config three = WorkerConfig.withCpuDispatcherSized(ConfigFactory.parseString(
        "tasklane.worker.cpu.runners = 3\ntasklane.worker.cpu.spare-threads = 1").withFallback(ConfigFactory.load()));
    assertThat(WorkerSettings.fromConfig(three).cpuRunners()).isEqualTo(3);
    assertThat(WorkerSettings.fromConfig(three).cpuSpareThreads()).isEqualTo(1);
    assertThat(three.getString(WorkerConfig.CPU_DISPATCHER + ".executor")).isEqualTo("io.tasklane.worker.cpu.CpuRunnerPool");
    Config negative = ConfigFactory.parseString("tasklane.worker.cpu.runners = -1").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerConfig.withCpuDispatcherSized(negative)).hasMessageContaining("cpu.runners");
  }

  @Test
  void refusesNonsenseWithTheKeyNamed() {
    Config bad = ConfigFactory.parseString("tasklane.worker.io.max-in-flight = 0").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(bad)).hasMessageContaining("io.max-in-flight");
    Config priority = ConfigFactory.parseString("tasklane.worker.cpu.priority = low").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(priority))
        .hasMessageContaining("tasklane.worker.cpu.priority must be yield, idle, nice or normal, not 'low'");
    Config window = ConfigFactory.parseString("tasklane.worker.cpu.starved-window = 10ms").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(window)).hasMessageContaining("tasklane.worker.cpu.starved-window");
    Config factor = ConfigFactory.parseString("tasklane.worker.lane-restart.random-factor = 2").withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> WorkerSettings.fromConfig(factor)).hasMessageContaining("lane-restart.random-factor");
  }
}
